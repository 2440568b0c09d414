// Extension benchmark (issue 4, "Performance"): `npm run bench -- extension`, or
//   node --import tsx bench/extension/extension.bench.ts [--runs 10] [--tree-runs 5] [--diag-runs 10]
//     [--networks 50] [--per-network 10] [--code-server]
// In one run: (1) activation, require + activate() against a vscode stub, for the bundle before and after
// the lazy language client and for the --production build; (2) the tree for a host with 50 networks and 500
// endpoints over SSH (root; sshd and the engine in a throwaway namespace), beside Docker's list + inspect;
// (3) connect → first host-aware diagnostics from the built server. Prints each figure against its target and
// writes bench/results/extension-<date>.json. Never asserts on time. --code-server adds the activation time
// real VS Code reports (code-server.ts; slow: packages the .vsix and starts code-server and chromium).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureActivation } from './activation';
import { measureInCodeServer } from './code-server';
import type { Variant } from './activation';
import { measureDiagnostics } from './diagnostics';
import type { DiagnosticsResult } from './diagnostics';
import { measureTree } from './tree';
import type { TreeResult } from './tree';

const repo = join(__dirname, '..', '..');

function count(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = Number(i >= 0 ? process.argv[i + 1] : undefined);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

const load = () => loadavg().map((x) => x.toFixed(2));
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('esbuild.mjs failed; dist/server.js and dist/engine.js are needed');
  const loadAtStart = load();
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-ext-'));
  let activation: Variant[];
  try {
    activation = await measureActivation(repo, dir, count('runs', 10));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const tree = await measureTree(repo, {
    networks: count('networks', 50),
    perNetwork: count('per-network', 10),
    runs: count('tree-runs', 5),
  });
  const diagnostics = await measureDiagnostics(repo, count('diag-runs', 10));
  const codeServer = process.argv.includes('--code-server') ? await measureInCodeServer() : undefined;
  const machine = {
    node: process.version,
    cpus: cpus().length,
    loadavg: loadAtStart,
    loadavgAtEnd: load(),
  };
  report(activation, tree, diagnostics, machine);
  if (codeServer) {
    console.log(
      'text' in codeServer
        ? `\n   real VS Code (code-server, Show Running Extensions, dist/ as built): ${codeServer.text}`
        : `\n   real VS Code: not measured: ${codeServer.notMeasured}`,
    );
  }
  const out = join(repo, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `extension-${new Date().toISOString().replace(/:/g, '-').slice(0, 19)}.json`);
  writeFileSync(file, `${JSON.stringify({ machine, activation, tree, diagnostics, codeServer }, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

function report(
  activation: Variant[],
  tree: TreeResult | { notMeasured: string },
  diagnostics: DiagnosticsResult | { notMeasured: string },
  m: { node: string; cpus: number; loadavg: string[]; loadavgAtEnd: string[] },
): void {
  console.log(
    `\nExtension benchmark: node ${m.node}, ${m.cpus} cpus, load average ${m.loadavg.join(' ')} at start, ${m.loadavgAtEnd.join(' ')} at end`,
  );
  console.log(
    '\n1. Activation (fresh node per run, vscode stub; medians; CPU = user + system of the process)',
  );
  console.log(
    '   variant                                        bundle    require   activate   total     CPU',
  );
  for (const v of activation) {
    console.log(
      `   ${v.name.padEnd(46)} ${`${(v.bytes / 1e6).toFixed(2)} MB`.padStart(8)} ${ms(v.requireMs.median).padStart(10)} ${ms(v.activateMs.median).padStart(10)} ${ms(v.totalMs.median).padStart(9)} ${ms(v.totalCpuMs.median).padStart(9)}`,
    );
  }
  const rows: [string, string, string, string][] = [];
  const shipped = activation[1];
  if (shipped) {
    rows.push([
      'activation (require + activate), dev build',
      ms(shipped.totalMs.median),
      ms(shipped.totalCpuMs.median),
      '< 100 ms',
    ]);
  }
  if ('notMeasured' in tree) {
    console.log(`\n2. Tree over SSH: not measured: ${tree.notMeasured}`);
    rows.push(['tree over SSH', 'not measured', '', '< 500 ms']);
  } else {
    console.log(
      `\n2. Tree over SSH: ${tree.networks} engine networks, ${tree.sandboxes} sandboxes, ${tree.endpoints} endpoints, ${tree.rows} rows (setup ${tree.setupS.toFixed(0)} s); medians of ${tree.totalMs.n} cold connections`,
    );
    console.log(
      `   SSH connect ${ms(tree.connectMs.median)}, network.ls + sandbox.ls ${ms(tree.lsMs.median)}, tree items ${ms(tree.itemsMs.median)}; total ${ms(tree.totalMs.median)} (p95 ${ms(tree.totalMs.p95)}), client CPU ${ms(tree.cpuMs.median)}`,
    );
    if ('notMeasured' in tree.docker) console.log(`   Docker peer: not measured: ${tree.docker.notMeasured}`);
    else {
      console.log(
        `   Docker peer, same SSH connection: list + inspect of ${tree.docker.networks} networks ${ms(tree.docker.ms.median)}, client CPU ${ms(tree.docker.cpuMs.median)}`,
      );
    }
    rows.push([
      'tree over SSH (connect + ls + items)',
      ms(tree.totalMs.median),
      ms(tree.cpuMs.median),
      '< 500 ms',
    ]);
  }
  if ('notMeasured' in diagnostics) {
    console.log(`\n3. First diagnostics after connect: not measured: ${diagnostics.notMeasured}`);
    rows.push(['first diagnostics after connect', 'not measured', '', '< 1 s']);
  } else {
    const d = diagnostics;
    console.log(
      `\n3. First diagnostics after connect (${d.dockerNetworks} Docker networks; medians of ${d.totalMs.n}): Docker reads + snapshot ${ms(d.snapshotMs.median)}, snapshot → HOST001 published ${ms(d.serverMs.median)} (server CPU ${ms(d.serverCpuMs.median)}); total ${ms(d.totalMs.median)}, p95 ${ms(d.totalMs.p95)}, first (cold) round ${ms(d.firstMs)}`,
    );
    rows.push([
      'first diagnostics after connect',
      ms(d.totalMs.median),
      ms(d.benchCpuMs.median + d.serverCpuMs.median),
      '< 1 s',
    ]);
  }
  console.log('\n   figure                                         wall (median)   CPU        target');
  for (const [what, wall, cpu, target] of rows) {
    console.log(`   ${what.padEnd(46)} ${wall.padStart(13)} ${cpu.padStart(10)}   ${target}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
