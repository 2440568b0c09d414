// Preloaded into the process under test (`node --require usage.cjs dist/cli.js …`): at exit it writes the
// process's own CPU time and peak resident size (`process.resourceUsage()`) to the file named by
// SWITCHYARD_BENCH_USAGE, so the benchmark reads them without depending on /usr/bin/time. CommonJS on
// purpose: an ES module preload (`--import`) starts node's ESM loader and adds 30-40 MB and 0.3 s of CPU to
// what is measured.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.SWITCHYARD_BENCH_USAGE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS }),
    );
  });
}
