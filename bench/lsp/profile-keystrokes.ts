// A CPU profile of keystrokes alone, in-process (load + analyze through the editor's parse cache, as the server
// does them), without the first load: where one edit's time goes.
//   node --import tsx bench/lsp/profile-keystrokes.ts [--sizes 1000x200] [--edits 200] [--out FILE.cpuprofile]
//     [--open]   profile the first load + analyze instead (didOpen)
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/analyze';
import { loadProject, ParseCache } from '../../server/src/compose/loader';
import { arg, sizes } from './args';
import { generateProject } from './generate';
import { summarizeProfile } from './profile-summary';

function post<T>(s: Session, method: string): Promise<T> {
  return new Promise((resolve, reject) =>
    s.post(method, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
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
