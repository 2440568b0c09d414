// A followed program (`tail -F`, `journalctl -f`) never exits on its own, and closing our end of its stream
// does not stop it until it next writes. This wrapper runs it in the background and kills it as soon as its
// stdin closes, so closing a log document leaves no process behind on the host. The script is a constant;
// the program and its arguments go in as positional parameters ("$@"), never spliced into the script.
// Without job control a background job's stdin is /dev/null, so the watcher reads our stdin through fd 3.
const SCRIPT =
  'exec 3<&0; "$@" </dev/null & p=$!; (cat <&3 >/dev/null; kill $p 2>/dev/null) >/dev/null 2>&1 & exec 3<&-; wait $p';

export function untilStdinCloses(argv: string[]): string[] {
  return ['sh', '-c', SCRIPT, 'sh', ...argv];
}
