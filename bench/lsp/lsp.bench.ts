// Language-server benchmark (issue 2, "Performance"): `npm run bench -- lsp`, or
//   node --import tsx bench/lsp/lsp.bench.ts [--runs 30] [--warmup 5] [--edits 20] [--sizes 200x40,1000x200]
//     [--profile DIR]   also write a V8 CPU profile of our server (node --cpu-prof) into DIR
//     [--node-args "--optimize-for-size"]   node flags for our server instead of the ones it ships with
//                       (SERVER_NODE_FLAGS, protocol/src/server-launch.ts); --node-args "" for none
//     [--rules]         also list the costliest rules (CPU time inside analyze) per project size
//     [--anchors]       share restart/logging through `<<: *defaults` (yaml-language-server is far slower on it)
//     [--insert]        keystrokes type and delete a space (the text below the edit moves) instead of
//                       replacing a digit
//     [--host]          attach a host snapshot (200 networks, 2,000 listening sockets) to our server
//     [--projects 50]   open that many compose projects at once (the measured one and 40-service others)
//
// For a 200-service/40-network and a 1,000-service/200-network generated project it measures, in one run:
// full-project diagnostics in-process (loadProject + analyze), and didChange -> publishDiagnostics over
// stdio for our built server (dist/server.js) and yaml-language-server with the compose-spec schema, plus
// both servers' CPU time per edit and resident memory. Prints a table with the ratios and writes bench/results/lsp-<date>.json.
import { spawnSync } from 'node:child_process';
import { SERVER_NODE_FLAGS } from '@switchyard/protocol';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { arg, count, sizes as sizesArg } from './args';
import { generateProject } from './generate';
import { measureInProcess, ruleCosts } from './in-process';
import type { RuleCost } from './in-process';
import { measureKeystrokes } from './keystroke';
import { measureLsp } from './measure-lsp';
import { printReport } from './report';
import type { SizeResult } from './report';
import { summarizeProfile } from './profile-summary';
import { benchHost, siblingProjects } from './workspace';
import { findComposeSpec, ours, yamlLanguageServer } from './servers';
import type { Typing } from './session';
import type { ServerUnderTest } from './servers';

const repo = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('esbuild.mjs failed; the server bundle dist/server.js is needed');
  const spec = findComposeSpec();
  // By default our server runs as the extension launches it; --node-args replaces those flags (heap experiments).
  const given = arg('node-args');
  const nodeArgs = given === undefined ? [...SERVER_NODE_FLAGS] : given.split(' ').filter(Boolean);
  const profileArg = arg('profile');
  const profile = profileArg === undefined ? undefined : resolve(profileArg);
  const serversFor = (tag?: string): ServerUnderTest[] => [
    ours(profile && tag ? join(profile, tag) : undefined, nodeArgs),
    ...('path' in spec ? [yamlLanguageServer(spec.path)] : []),
  ];
  const servers = serversFor();
  if ('missing' in spec) console.log(`yaml-language-server not measured: ${spec.missing}`);
  const typing: Typing = process.argv.includes('--insert') ? 'insert' : 'replace';
  const plan = { warmup: count('warmup', 5), edits: count('edits', 20), typing };
  const runs = count('runs', 30);
  const host = process.argv.includes('--host') ? benchHost() : undefined;
  const siblings = siblingProjects(count('projects', 1));
  const extras = { ...(host && { host }), siblings };
  const scenario = [
    ...(host ? [`host of ${host.networks.length} networks, ${host.ports.length} sockets`] : []),
    ...(siblings.length > 0 ? [`${siblings.length + 1} projects open`] : []),
  ].join(', ');
  const load = loadavg().map((x) => x.toFixed(2));
  const work = mkdtempSync(join(tmpdir(), 'switchyard-lsp-bench-'));
  const results: SizeResult[] = [];
  try {
    for (const size of sizesArg('200x40,1000x200')) {
      const project = generateProject(size, { anchors: process.argv.includes('--anchors') });
      const tag = `${size.services}x${size.networks}`;
      const dir = join(work, tag);
      const inProcess = measureInProcess(join(dir, 'compose.yaml'), project.text, plan.warmup, runs);
      const keystrokes = measureKeystrokes(
        project,
        join(dir, 'compose.yaml'),
        plan.warmup,
        runs,
        host ?? null,
      );
      if (process.argv.includes('--rules'))
        printRuleCosts(tag, ruleCosts(join(dir, 'compose.yaml'), project.text, runs));
      const lsp = await measureLsp(serversFor(tag), dir, project, plan, extras);
      const lines = project.text.split('\n').length;
      results.push({ size, bytes: project.text.length, lines, inProcess, keystrokes, lsp, scenario });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    loadavg: load,
    loadavgAtEnd: loadavg().map((x) => x.toFixed(2)),
  };
  const peers = Object.fromEntries(servers.map((s) => [s.key, { label: s.label, version: s.version }]));
  printReport(results, servers, machine);
  console.log(
    `keystrokes: ${typing === 'insert' ? 'type and delete a space after an address (--insert)' : 'replace the last digit of an address'}`,
  );
  const out = join(repo, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `lsp-${new Date().toISOString().replace(/:/g, '-').slice(0, 19)}.json`);
  const anchors = process.argv.includes('--anchors');
  const json = {
    date: new Date().toISOString(),
    machine,
    plan: { ...plan, runs, anchors, nodeArgs, host: host !== undefined, projects: siblings.length + 1 },
    peers,
    results,
  };
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  console.log(`\nwrote ${file}`);
  if (profile) printProfiles(profile, results);
}

function printRuleCosts(tag: string, costs: RuleCost[]): void {
  const total = costs.reduce((sum, c) => sum + c.medianMs, 0);
  console.log(
    `costliest rules on ${tag} (median CPU ms; all ${costs.length} rules: ${total.toFixed(1)} ms):`,
  );
  for (const c of costs.slice(0, 15)) console.log(`  ${c.id.padEnd(8)} ${c.medianMs.toFixed(2).padStart(8)}`);
}

/** The CPU profile summary of our server for each project size (the newest profile in its directory). */
function printProfiles(profile: string, results: SizeResult[]): void {
  for (const r of results) {
    const dir = join(profile, `${r.size.services}x${r.size.networks}`);
    const newest = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.cpuprofile'))
          .sort()
          .pop()
      : undefined;
    if (newest === undefined) console.log(`\nno CPU profile in ${dir} (the server did not exit cleanly)`);
    else console.log(`\n${summarizeProfile(join(dir, newest))}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`lsp bench failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
