// A CPU profile of keystrokes alone, in-process (load + analyze through the editor's parse cache, as the server
// does them), without the first load: where one edit's time goes.
//   node --import tsx bench/lsp/profile-keystrokes.ts [--sizes 1000x200] [--edits 200] [--out FILE.cpuprofile]
//     [--open]   profile the first load + analyze instead (didOpen)
//     [--alloc]  bytes allocated per keystroke by function instead of CPU time (V8's sampling heap profiler,
//                objects already collected included): exact for a build, whatever the machine's load
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/analyze';
import { loadProject, ParseCache } from '../../server/src/compose/loader';
import { arg, sizes } from './args';
import { generateProject } from './generate';
import { summarizeProfile } from './profile-summary';

function post<T>(s: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) =>
    s.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
}

interface HeapNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: HeapNode[];
}

/** KB allocated per keystroke, in all and by allocating function (the 20 largest). */
async function allocations(
  session: Session,
  edits: number,
  edit: () => void,
  chars: number,
): Promise<string> {
  await post(session, 'HeapProfiler.enable');
  await post(session, 'HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < edits; i++) edit();
  const { profile } = await post<{ profile: { head: HeapNode } }>(session, 'HeapProfiler.stopSampling');
  const self = new Map<string, number>();
  const walk = (n: HeapNode, parent: string): void => {
    const fn = n.callFrame.functionName || '(anonymous)';
    const at = n.callFrame.url.replace(/^.*?\/(server|core|bench)\//, '$1/');
    // Built-ins (Map.set, Array.map, join) are named with their caller.
    const name = at === '' ? `${fn} in ${parent}` : `${fn} ${at}`;
    self.set(name, (self.get(name) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c, at === '' ? parent : name);
  };
  walk(profile.head, '');
  const kb = (bytes: number): string => (bytes / edits / 1024).toFixed(1).padStart(8);
  let total = 0;
  for (const v of self.values()) total += v;
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 20);
  return [
    `${kb(total)} KB allocated per keystroke, the new text (${(chars / 1024).toFixed(0)} K characters, made by this`,
    `script's join as the server's TextDocument makes it) included:`,
    ...top.map(([name, bytes]) => `${kb(bytes)} KB  ${name}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const [size] = sizes('1000x200');
  if (size === undefined) throw new Error('--sizes: SERVICESxNETWORKS, e.g. 1000x200');
  const { services, networks } = size;
  const edits = Number(arg('edits') ?? 200);
  const out = arg('out') ?? join(tmpdir(), `keystrokes-${services}x${networks}.cpuprofile`);
  const project = generateProject({ services, networks });
  const file = join(tmpdir(), 'profile-keystrokes', 'compose.yaml');
  const lines = project.text.split('\n');
  const { line, character, original } = project.edit;
  let digit = Number(original);
  let text = project.text;
  const cache = new ParseCache();
  const reader = { read: (p: string) => (p === file ? text : undefined) };
  const step = (): void => {
    analyze(loadProject({ files: [file], reader, env: {}, parseCache: cache }), null);
  };
  const edit = (): void => {
    digit = (digit + 1) % 10;
    const l = lines[line] ?? '';
    lines[line] = l.slice(0, character) + String(digit) + l.slice(character + 1);
    text = lines.join('\n');
    step();
  };
  const session = new Session();
  session.connect();
  if (process.argv.includes('--alloc')) {
    step();
    for (let i = 0; i < 20; i++) edit();
    console.log(await allocations(session, edits, edit, text.length));
    return;
  }
  await post(session, 'Profiler.enable');
  const open = process.argv.includes('--open');
  if (open) {
    // Warm the code on a small project first, as the server has met the canary.
    analyze(
      loadProject({
        files: ['/x/compose.yaml'],
        reader: { read: () => 'services:\n  a:\n    image: x\n' },
        env: {},
      }),
      null,
    );
    await post(session, 'Profiler.start');
    step();
  } else {
    step();
    for (let i = 0; i < 10; i++) edit();
    await post(session, 'Profiler.start');
    for (let i = 0; i < edits; i++) edit();
  }
  const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
  writeFileSync(out, JSON.stringify(profile));
  console.log(summarizeProfile(out, 40));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
