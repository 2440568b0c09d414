/**
 * Node flags the language server runs with, wherever it is launched (the extension's client; the benchmark
 * measures with the same). Two are about the heap's pacing, not the analysis: a young generation of at most
 * 2 x 4 MB (instead of 2 x 16 MB) and an old generation that grows by 30% before its next full collection
 * keep a 1,000-service project under 150 MB resident (about 140 MB, against about 215 MB without them), for
 * some 40 ms more CPU per edit there and none measurable at 200 services. `--no-turbo-inlining` makes V8's
 * optimising compiler (on a background thread, competing for the cores) do far less work for the same
 * main-thread speed: a quarter less CPU on a first open and a fifth to two fifths less per edit at 200
 * services, measured on compose and Kubernetes edits alike (bench/README.md, issue 16).
 */
export const SERVER_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=4',
  '--heap-growing-percent=30',
  '--no-turbo-inlining',
];
