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
//     [--server FILE]   run that server bundle (another build's) instead of building this one's as shipped
//                       (the production bundle, bench/results/shipped/server.js; with --profile dist/server.js)
//     [--no-peer]       leave yaml-language-server out (a quick profile of ours; no ratios)
//     [--scenarios sizes,host,workspace]   which columns to measure (default: all three):
//                       sizes: each of --sizes; host: the largest size with a host snapshot attached (200
//                       networks, 2,000 sockets); workspace: --workspace-projects (default 50) projects open
//                       at once, each a compose.yaml, an override and an `include`d file (1,000 services in
//                       all), --workspace-edits (default 60) edits spread over every project and file
//
// For a 200-service/40-network and a 1,000-service/200-network generated project it measures, in one run:
// full-project diagnostics in-process (loadProject + analyze), and didChange -> publishDiagnostics over
// stdio for our built server (dist/server.js) and yaml-language-server with the compose-spec schema, plus
// both servers' CPU time per edit and resident memory. Prints a table with the ratios and writes bench/results/lsp-<date>.json.
import { spawnSync } from 'node:child_process';
import { SERVER_NODE_FLAGS } from '@switchyard/protocol';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { arg, count, sizes as sizesArg } from './args';
import { generateProject } from './generate';
import { measureInProcess, ruleCosts } from './in-process';
import type { RuleCost } from './in-process';
import { measureKeystrokes } from './keystroke';
import { measureDocuments, measureLsp } from './measure-lsp';
import type { EditPlan } from './measure-lsp';
import { printReport } from './report';
import type { SizeResult } from './report';
import { summarizeProfile } from './profile-summary';
import { benchHost, benchWorkspace, siblingProjects, spreadEdits } from './workspace';
import { WORKSPACE_BASE, WORKSPACE_INCLUDED } from './workspace';
import { findComposeSpec, ours, SHIPPED_SERVER, yamlLanguageServer } from './servers';
import type { Typing } from './session';
import type { ServerUnderTest } from './servers';
import type { ProjectSize } from './generate';

const repo = join(__dirname, '..', '..');

async function main(): Promise<void> {
  // --server FILE: another build's bundle (say main's) instead of building this one: a before/after beside
  // the peer. The in-process figures are always this checkout's sources.
  // Otherwise this checkout's server as shipped: the production bundle (minified, as the extension's package
  // and the npm package carry it). With --profile, the development bundle (dist/server.js), whose function
  // names the profile's summary can show.
  const profiling = arg('profile') !== undefined;
  const script = arg('server') ?? join(repo, profiling ? join('dist', 'server.js') : SHIPPED_SERVER);
  if (arg('server') === undefined) {
    const shipped = ['--production', '--outdir', dirname(SHIPPED_SERVER), '--only', 'server'];
    const build = spawnSync(process.execPath, ['esbuild.mjs', ...(profiling ? [] : shipped)], {
      cwd: repo,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error(`esbuild.mjs failed; the server bundle ${script} is needed`);
  }
  const spec = findComposeSpec();
  // --no-peer: our server alone (quick profiles); the table then has no ratios.
  const noPeer = process.argv.includes('--no-peer');
  // By default our server runs as the extension launches it; --node-args replaces those flags (heap experiments).
  const given = arg('node-args');
  const nodeArgs = given === undefined ? [...SERVER_NODE_FLAGS] : given.split(' ').filter(Boolean);
  const profileArg = arg('profile');
  const profile = profileArg === undefined ? undefined : resolve(profileArg);
  const serversFor = (tag?: string): ServerUnderTest[] => [
    ours(profile && tag ? join(profile, tag) : undefined, nodeArgs, resolve(script)),
    ...('path' in spec && !noPeer ? [yamlLanguageServer(spec.path)] : []),
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
  const scenarios = (arg('scenarios') ?? 'sizes,host,workspace').split(',');
  const unknown = scenarios.filter((x) => !['sizes', 'host', 'workspace'].includes(x));
  if (unknown.length > 0)
    throw new Error(`--scenarios: unknown ${unknown.join(', ')} (sizes, host, workspace)`);
  const sizes = sizesArg('200x40,1000x200');
  const anchors = process.argv.includes('--anchors');
  try {
    const measureSize = async (size: ProjectSize, attached: typeof extras, label?: string) => {
      const project = generateProject(size, { anchors });
      const tag = `${size.services}x${size.networks}${label ? '-host' : ''}`;
      const dir = join(work, tag);
      const file = join(dir, 'compose.yaml');
      const inProcess = measureInProcess(file, project.text, plan.warmup, runs, attached.host ?? null);
      const keystrokes = measureKeystrokes(project, file, plan.warmup, runs, attached.host ?? null);
      if (process.argv.includes('--rules')) printRuleCosts(tag, ruleCosts(file, project.text, runs));
      const lsp = await measureLsp(serversFor(tag), dir, project, plan, attached);
      const lines = project.text.split('\n').length;
      const what = label ?? scenario;
      results.push({
        size,
        tag,
        ...(label !== undefined && { label: `${size.services} svc + host` }),
        bytes: project.text.length,
        lines,
        inProcess,
        keystrokes,
        lsp,
        scenario: what,
      });
    };
    if (scenarios.includes('sizes')) for (const size of sizes) await measureSize(size, extras);
    const largest = [...sizes].sort((a, b) => b.services - a.services)[0];
    if (scenarios.includes('host') && largest) {
      const attached = { host: benchHost(), siblings };
      const h = attached.host;
      await measureSize(
        largest,
        attached,
        `host of ${h.networks.length} networks, ${h.ports.length} sockets`,
      );
    }
    if (scenarios.includes('workspace')) {
      const projects = count('workspace-projects', 50);
      const wsPlan: EditPlan = { ...plan, edits: count('workspace-edits', 60) };
      results.push(
        await measureWorkspace(
          serversFor(`workspace-${projects}`),
          join(work, 'workspace'),
          projects,
          wsPlan,
        ),
      );
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

/** The workspace column: `projects` projects of three files each (workspace.ts), edits spread over them. */
async function measureWorkspace(
  servers: ServerUnderTest[],
  dir: string,
  projects: number,
  plan: EditPlan,
): Promise<SizeResult> {
  const docs = benchWorkspace(projects);
  const lsp = await measureDocuments(servers, dir, docs, plan, undefined, spreadEdits(docs, projects));
  const services = projects * (WORKSPACE_BASE.services + WORKSPACE_INCLUDED.services);
  const networks = projects * (WORKSPACE_BASE.networks + WORKSPACE_INCLUDED.networks);
  return {
    size: { services, networks },
    label: `${projects} projects`,
    tag: `workspace-${projects}`,
    bytes: docs.reduce((n, d) => n + d.text.length, 0),
    lines: docs.reduce((n, d) => n + d.text.split('\n').length, 0),
    lsp,
    scenario: `${docs.length} files, ${services} svc, ${plan.edits} edits spread`,
  };
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
    const dir = join(profile, r.tag);
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
