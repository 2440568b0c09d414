// Our server alone over LSP, no peer: for before/after comparisons of two builds of our server in one run.
//   node --import tsx bench/lsp/alone.ts [--sizes 1000x200] [--rounds 3] [--warmup 5] [--edits 30]
//     [--baseline DIR/server.js]   also run that bundle (say main's), alternating round by round with ours
//     [--server DIR/server.js]     run that bundle as "this build" instead of dist/server.js
//     [--profile DIR]              write a V8 CPU profile of each run of our server into DIR and summarise it
//     [--node-args "--single-threaded"]  node flags added after the shipped ones (heap and thread experiments)
//     [--per-edit]                 also print each measured edit: latency, CPU all threads / main thread
//     [--insert]                   type and delete a space instead of replacing a digit
//     [--host]                     attach the host snapshot (200 networks, 2,000 sockets: workspace.ts)
//     [--workspace 50]             instead of one file: that many projects of three files (workspace.ts),
//                                  edits spread over them
// Each round starts a fresh process per build and reports didOpen, didChange->diagnostics median / p95, CPU per
// edit (all threads, and the main thread alone) and peak resident. It uses the shipped node flags
// (SERVER_NODE_FLAGS). It does not build: run `node esbuild.mjs` first. Nothing here asserts on time.
import { SERVER_NODE_FLAGS } from '@switchyard/protocol';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { arg, count, sizes as sizesArg } from './args';
import { generateProject } from './generate';
import { measureDocuments, measureLsp } from './measure-lsp';
import { benchHost, benchWorkspace, spreadEdits } from './workspace';
import { summarizeProfile } from './profile-summary';
import { ours } from './servers';

async function main(): Promise<void> {
  const sizes = sizesArg('1000x200');
  const plan = {
    warmup: count('warmup', 5),
    edits: count('edits', 30),
    typing: process.argv.includes('--insert') ? ('insert' as const) : ('replace' as const),
    perEdit: process.argv.includes('--per-edit'),
  };
  const rounds = count('rounds', 3);
  const baseline = arg('baseline');
  const profileArg = arg('profile');
  const profile = profileArg === undefined ? undefined : resolve(profileArg);
  const builds: { label: string; script?: string }[] = [
    ...(baseline ? [{ label: 'baseline', script: resolve(baseline) }] : []),
    {
      label: 'this build',
      script: arg('server') === undefined ? undefined : resolve(arg('server') as string),
    },
  ];
  const work = mkdtempSync(join(tmpdir(), 'switchyard-lsp-alone-'));
  console.log(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const host = process.argv.includes('--host') ? benchHost() : undefined;
  const workspace = arg('workspace') === undefined ? 0 : count('workspace', 50);
  const runs = workspace
    ? [{ tag: `workspace-${workspace}`, docs: benchWorkspace(workspace) }]
    : sizes.map((size) => ({ tag: `${size.services}x${size.networks}`, project: generateProject(size) }));
  try {
    for (const r of runs) {
      const tag = `${r.tag}${host ? '-host' : ''}`;
      for (let round = 1; round <= rounds; round++) {
        for (const build of builds) {
          const dir = profile ? join(profile, `${tag}-${build.label.replace(' ', '-')}-${round}`) : undefined;
          const extra = (arg('node-args') ?? '').split(' ').filter((a) => a !== '');
          const server = ours(dir, [...SERVER_NODE_FLAGS, ...extra], build.script);
          const folder = join(work, `${tag}-${round}-${build.label.replace(' ', '-')}`);
          const [f] =
            'docs' in r
              ? await measureDocuments([server], folder, r.docs, plan, host, spreadEdits(r.docs, workspace))
              : await measureLsp([server], folder, r.project, plan, host ? { host } : {});
          if (!f) continue;
          console.log(
            `${tag} round ${round} ${build.label.padEnd(10)} open ${f.openMs.toFixed(0).padStart(4)} ms` +
              ` (all ${f.openAllMs.toFixed(0)} ms; CPU ${f.openCpuMs.toFixed(0)} ms, main thread ${f.openMainThreadCpuMs.toFixed(0)} ms), ` +
              `change median ${f.change.median.toFixed(1)} / p95 ${f.change.p95.toFixed(1)} ms, ` +
              `CPU/edit ${f.cpuPerEditMs.toFixed(1)} ms (main thread ${f.mainThreadCpuPerEditMs.toFixed(1)}), peak ${f.hwmMb.toFixed(0)} MB, ` +
              `${f.diagnostics} diagnostics, load ${loadavg()[0]?.toFixed(2)}`,
          );
          if (f.perEdit) {
            const cells = f.perEdit.map((e) => `${e.ms}/${e.cpuMs}/${e.mainMs}`);
            console.log(`  per edit, latency / CPU all threads / main thread (ms): ${cells.join('  ')}`);
          }
          if (dir) for (const p of readdirSync(dir)) console.log(summarizeProfile(join(dir, p), 30));
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
