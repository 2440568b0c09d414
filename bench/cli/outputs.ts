// The CLI's output on every fixture and format, as hashes, to prove a performance change changes no byte.
//   node --import tsx bench/cli/outputs.ts --bundle FILE.cjs --out A.json [--compare B.json] [--no-big]
// `--bundle`: a CommonJS bundle of server/src/lint-cli/main.ts that exports `runCli`, built with
//   npx esbuild server/src/lint-cli/main.ts --bundle --platform=node --format=cjs --outfile=FILE.cjs
// (build one before a change and one after; without `--bundle` the sources of this checkout are used).
// Pairs: text, JSON and SARIF of every YAML file under test/fixtures outside kubernetes/ (each linted alone,
// from its own folder), plus text and JSON of the bench's inputs (20,000 services with 10,000 port clashes,
// 640,000 networks; `--no-big` leaves them out). Each pair's stdout, stderr and exit status are hashed.
// `--compare B.json` prints the pairs whose hash differs from B's and exits 1 when any does.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { worstCase } from '../../test/unit/server/property/worst-cases';

type RunCli = (argv: string[], io: unknown) => Promise<number>;

const repo = join(__dirname, '..', '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'kubernetes') yamlFiles(path, out);
    } else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

async function lintHash(runCli: RunCli, cwd: string, argv: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s: string) => (stdout += s),
    stderr: (s: string) => (stderr += s),
    isTTY: false,
    cwd,
    env: {},
    stdinIsTTY: true,
    readStdin: async () => '',
  });
  return createHash('sha256').update(`${code}\0${stdout}\0${stderr}`).digest('hex');
}

async function main(): Promise<void> {
  const bundle = arg('bundle');
  const runCli: RunCli = bundle
    ? ((await import(join(process.cwd(), bundle))) as { runCli: RunCli }).runCli
    : ((await import('../../server/src/lint-cli/main')) as { runCli: RunCli }).runCli;
  const hashes: Record<string, string> = {};
  for (const file of yamlFiles(join(repo, 'test', 'fixtures'))) {
    for (const format of ['text', 'json', 'sarif']) {
      const key = `${relative(repo, file)} ${format}`;
      hashes[key] = await lintHash(runCli, dirname(file), ['lint', '--format', format, file]);
    }
  }
  if (!process.argv.includes('--no-big')) {
    const root = mkdtempSync(join(tmpdir(), 'switchyard-cli-outputs-'));
    try {
      for (const c of [worstCase('many-services-ports', 20_000), worstCase('many-networks', 640_000)]) {
        const dir = join(root, c.name);
        mkdirSync(dir, { recursive: true });
        for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dir, name), text);
        for (const format of ['text', 'json']) {
          // Relative to the case's folder, so the temporary folder's name is in no output.
          hashes[`${c.name} ${format}`] = await lintHash(runCli, dir, [
            'lint',
            '--format',
            format,
            'compose.yaml',
          ]);
        }
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const out = arg('out');
  if (out) writeFileSync(out, JSON.stringify(hashes, null, 1) + '\n');
  const compare = arg('compare');
  const pairs = Object.keys(hashes).length;
  if (!compare) return void console.log(`${pairs} outputs hashed`);
  const other = JSON.parse(readFileSync(compare, 'utf8')) as Record<string, string>;
  const differ = Object.keys({ ...hashes, ...other }).filter((k) => hashes[k] !== other[k]);
  for (const k of differ) console.log(`differs: ${k}`);
  console.log(`${pairs} outputs, ${differ.length} differ from ${compare}`);
  if (differ.length > 0) process.exitCode = 1;
}

void main();
