// The fast YAML parser (server/src/yaml/fastyaml.ts) beside the `yaml` package, in the same run, on the same
// texts: `node --import tsx bench/yaml/yaml.bench.ts [--runs N] [--warmup N]` (or `npm run bench -- yaml`).
//
// Both sides build the same positioned tree (test/unit/server/yaml/fastyaml.test.ts checks that): `fastParseYaml`
// on one side, `parseWithYamlPackage` (the `yaml` package's CST + composer, then the same tree) on the other, the
// path the server takes whenever fastyaml gives up. Inputs: the generated benchmark projects of bench/lsp
// (200 services / 40 networks, 1,000 / 200, and 200 / 40 with `<<: *defaults` merge keys) and every compose
// fixture in test/fixtures/rules that fastyaml accepts, parsed as one batch. The two sides alternate run by run
// so machine load falls on both alike; it prints the median and p95 wall time, CPU time per run
// (process.cpuUsage), the load average, and the ratio yaml / fastyaml.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fastParseYaml } from '../../server/src/yaml/fastyaml';
import { parseWithYamlPackage } from '../../server/src/yaml/parse';
import { generateProject } from '../lsp/generate';
import { round, summarize } from '../lsp/stats';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
};
const RUNS = arg('runs', 30);
const WARMUP = arg('warmup', 5);

interface Input {
  name: string;
  texts: string[];
  /** A generated project without merge keys: what the headline figure is measured on. */
  plain?: boolean;
}

const root = join(import.meta.dirname, '..', '..');
const fixtureDir = join(root, 'test', 'fixtures', 'rules');
const fixtures = readdirSync(fixtureDir)
  .filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))
  .map((n) => readFileSync(join(fixtureDir, n), 'utf8'));
const accepted = fixtures.filter((t) => fastParseYaml(t, 'fixture.yaml') !== undefined);

const inputs: Input[] = [
  {
    name: '200 services / 40 networks',
    texts: [generateProject({ services: 200, networks: 40 }).text],
    plain: true,
  },
  {
    name: '1,000 services / 200 networks',
    texts: [generateProject({ services: 1000, networks: 200 }).text],
    plain: true,
  },
  {
    name: '200 / 40 with merge keys',
    texts: [generateProject({ services: 200, networks: 40 }, { anchors: true }).text],
  },
  { name: `${accepted.length} rule fixtures (batch)`, texts: accepted },
];

for (const input of inputs)
  for (const t of input.texts)
    if (fastParseYaml(t, 'bench.yaml') === undefined)
      throw new Error(
        `fastyaml gave up on an input of "${input.name}": the comparison would time the yaml package twice`,
      );

interface Timing {
  wall: number;
  cpu: number;
}

function time(parse: (text: string, file: string) => unknown, texts: string[]): Timing {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const t of texts) parse(t, 'bench.yaml');
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

const sides = {
  fastyaml: (text: string, file: string) => fastParseYaml(text, file),
  yaml: (text: string, file: string) => parseWithYamlPackage(text, file),
};

console.log(`fastyaml vs the yaml package: ${RUNS} runs after ${WARMUP} warm-up runs, alternating`);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} cores`,
);
const rows: string[][] = [];
/** CPU ratios on the plain generated projects: the figure the READMEs quote (merge keys and tiny files differ). */
const plainCpuRatios: number[] = [];
for (const input of inputs) {
  const kb = round(input.texts.reduce((n, t) => n + t.length, 0) / 1024, 0);
  const samples: Record<keyof typeof sides, Timing[]> = { fastyaml: [], yaml: [] };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // Alternate which side goes first, so neither always runs on a warmer cache or a quieter moment.
    const order: (keyof typeof sides)[] = i % 2 === 0 ? ['fastyaml', 'yaml'] : ['yaml', 'fastyaml'];
    for (const side of order) {
      const t = time(sides[side], input.texts);
      if (i >= WARMUP) samples[side].push(t);
    }
  }
  const f = summarize(samples.fastyaml.map((s) => s.wall));
  const y = summarize(samples.yaml.map((s) => s.wall));
  const fc = summarize(samples.fastyaml.map((s) => s.cpu));
  const yc = summarize(samples.yaml.map((s) => s.cpu));
  const ratio = round(y.median / f.median, 1);
  if (input.plain) plainCpuRatios.push(round(yc.median / fc.median, 1));
  rows.push([
    input.name,
    `${kb} KiB`,
    `${f.median} / ${f.p95}`,
    `${y.median} / ${y.p95}`,
    `${fc.median} / ${yc.median}`,
    `${ratio}x (p95 ${round(y.p95 / f.p95, 1)}x, CPU ${round(yc.median / fc.median, 1)}x)`,
  ]);
}
const header = [
  'input',
  'size',
  'fastyaml ms (median / p95)',
  'yaml ms (median / p95)',
  'CPU ms (fast / yaml)',
  'yaml / fastyaml',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `fastyaml on plain compose files (CPU per parse, 200 and 1,000 services): ${plainCpuRatios.join('x, ')}x ` +
    `the yaml package's speed; far more where the yaml package is slow (merge keys, many small files)`,
);
