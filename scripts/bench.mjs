// `npm run bench`: runs every bench/<area>/*.bench.ts, or only the areas named:
//   npm run bench                 every benchmark
//   npm run bench -- lsp dns      only bench/lsp and bench/dns
//   npm run bench -- lsp --edits 40   options after the names go to each benchmark
// Each benchmark runs as its own process (`node --import tsx FILE`) so one's heap and JIT state never colour
// another's figures. A benchmark that needs root or dockerd prints "not measured: <reason>" itself; this
// runner fails only when a benchmark exits non-zero, and says which.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const benchDir = join(root, 'bench');

function benchFiles(area) {
  const dir = join(benchDir, area);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.bench.ts'))
    .map((name) => join(dir, name))
    .sort();
}

const areas = existsSync(benchDir)
  ? readdirSync(benchDir).filter((d) => d !== 'results' && statSync(join(benchDir, d)).isDirectory())
  : [];
const firstOption = process.argv.slice(2).findIndex((a) => a.startsWith('-'));
const args = process.argv.slice(2);
const names = firstOption < 0 ? args : args.slice(0, firstOption);
const options = firstOption < 0 ? [] : args.slice(firstOption);
const unknown = names.filter((n) => !areas.includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; benchmarks are: ${areas.sort().join(', ')}`);
  process.exit(2);
}

const files = (names.length > 0 ? names : areas.sort()).flatMap(benchFiles);
if (files.length === 0) {
  console.error('no bench/*/*.bench.ts files found');
  process.exit(1);
}

const failed = [];
for (const file of files) {
  const name = relative(root, file);
  console.log(`\n=== ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file, ...options], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) failed.push(`${name} (${run.signal ?? `exit ${run.status}`})`);
}
if (failed.length > 0) {
  console.error(`\nbenchmarks that failed: ${failed.join(', ')}`);
  process.exit(1);
}
