// `npm run mutate [-- PATH ...] [--tests GLOB ...]`: mutation testing with StrykerJS (not part of CI).
//   npm run mutate                              every scope below, one after the other
//   npm run mutate -- core/src/net              the mutants of one folder (or file) of a scope
//   npm run mutate -- core/src/ports/conflicts.ts --tests 'test/unit/core/**/*.test.ts'
//   npm run mutate -- core/src/ports --force     every mutant again, not only those of changed code
//   npm run mutate -- core/src/host core/src/labels.ts   several paths of one scope: one run
//   npm run mutate -- core/src/net/mac.ts --runner tap   Stryker's tap runner instead of the in-process one
//   npm run mutate -- core/src/ports/conflicts.ts:212-233   only the mutants on those lines of a file
//   npm run mutate -- server/src/rules/compose/ipam --concurrency 2   two test runners at once
// Tests run in Stryker's own process (scripts/mutate/node-test-runner.mjs); each surviving mutant is appended
// to reports/mutation/<run>.survivors.txt as soon as it is tested (scripts/mutate/survivors-reporter.mjs).
// Each scope is mutated against its own unit tests (the test files below), type-checked by its own
// tsconfig (mutants that do not compile are discarded, not counted), and remembered in an incremental file
// under reports/mutation/ (not in git) so that a second run re-tests only the mutants of changed code and
// tests. Runs with concurrency 1: the score per folder goes in test/README.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The code under mutation testing: pure modules, each with the unit tests that are meant to pin it. */
const SCOPES = [
  {
    root: 'core/src',
    tsconfig: 'scripts/mutate/tsconfig.core.json',
    tests: ['test/unit/core/**/*.test.ts'],
    keep: ['protocol/src'],
  },
  {
    root: 'server/src/rules',
    tsconfig: 'scripts/mutate/tsconfig.server.json',
    tests: ['test/unit/server/rules/**/*.test.ts'],
    keep: ['protocol/src', 'core/src'],
  },
  {
    root: 'server/src/compose',
    tsconfig: 'scripts/mutate/tsconfig.server.json',
    tests: ['test/unit/server/compose/**/*.test.ts'],
    keep: ['protocol/src', 'core/src'],
  },
  {
    root: 'server/src/yaml',
    tsconfig: 'scripts/mutate/tsconfig.server.json',
    tests: ['test/unit/server/yaml/**/*.test.ts', 'test/unit/server/compose/**/*.test.ts'],
    keep: ['protocol/src', 'core/src'],
  },
  {
    root: 'engine/src',
    tsconfig: 'scripts/mutate/tsconfig.engine.json',
    tests: ['test/unit/engine/**/*.test.ts'],
    keep: ['protocol/src', 'core/src'],
    // Only the pure modules: codecs, builders and parsers; the rest needs a kernel (test/engine).
    mutate: [
      'engine/src/dns/{addr,message,query,response,resolver,view}.ts',
      'engine/src/ipam/*.ts',
      'engine/src/firewall/{render,fw-model,elements}.ts',
      'engine/src/ports/parse.ts',
      'engine/src/sandbox/dns-route.ts',
      'engine/src/cli/args.ts',
    ],
  },
];

const args = process.argv.slice(2);
const tests = [];
const paths = [];
// --force: test every mutant again, ignoring the incremental file (see test/README.md: the tap runner names
// tests by file, so a new test file is not seen as covering the mutants of unchanged code).
let force = false;
// --runner tap: one `node --import tsx` process per test file and mutant (slow; to cross-check the default).
let runner;
// --concurrency N: test-runner (and checker) processes at once; the default, 1, is stryker.config.json's.
let concurrency;
// --timeoutMS N: Stryker's allowance over a mutant's expected time (10 s in stryker.config.json). On a
// loaded machine our nice-19 processes get a small share of a core, and a mutant that is only starved of CPU
// times out (and counts as killed): raise it there.
let timeoutMS;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--tests') tests.push(args[++i] ?? '');
  else if (args[i] === '--force') force = true;
  else if (args[i] === '--runner') runner = args[++i];
  else if (args[i] === '--concurrency') concurrency = Number(args[++i]);
  else if (args[i] === '--timeoutMS') timeoutMS = Number(args[++i]);
  else paths.push(args[i].replace(/\/$/, ''));
}

function scopeOf(path) {
  const scope = SCOPES.find((s) => path === s.root || path.startsWith(`${s.root}/`));
  if (!scope) {
    console.error(`${path} is in no mutation scope; scopes are: ${SCOPES.map((s) => s.root).join(', ')}`);
    process.exit(2);
  }
  return scope;
}

// Paths of one scope are mutated in one run (one initial test run, one report), e.g.
// `npm run mutate -- core/src/host core/src/services core/src/snapshot.ts`.
const byScope = new Map();
for (const p of paths) {
  const scope = scopeOf(p);
  // `file.ts:120-140`: only the mutants on those lines (Stryker's own range syntax).
  const file = /\.ts(:\d+(:\d+)?-\d+(:\d+)?)?$/.test(p);
  const mutate = p === scope.root && scope.mutate ? scope.mutate : [file ? p : `${p}/**/*.ts`];
  const run = byScope.get(scope) ?? { names: [], scope, mutate: [] };
  run.names.push(p);
  run.mutate.push(...mutate);
  byScope.set(scope, run);
}
const runs =
  paths.length > 0
    ? [...byScope.values()].map((r) => ({ ...r, name: r.names.join('+') }))
    : SCOPES.map((s) => ({ name: s.root, scope: s, mutate: s.mutate ?? [`${s.root}/**/*.ts`] }));

const base = JSON.parse(readFileSync('stryker.config.json', 'utf8'));
mkdirSync(join('reports', 'mutation'), { recursive: true });
let status = 0;
for (const run of runs) {
  const slug = run.name.replace(/[^a-zA-Z0-9+]+/g, '-').slice(0, 120) + (runner ? `.${runner}` : '');
  const config = {
    ...base,
    ...(runner ? { testRunner: runner } : {}),
    ...(concurrency ? { concurrency } : {}),
    ...(timeoutMS ? { timeoutMS } : {}),
    mutate: [...run.mutate, '!**/*.d.ts', '!**/index.ts'],
    tsconfigFile: run.scope.tsconfig,
    // Packages the mutated code cannot reach stay loaded between mutants (scripts/mutate/node-test-runner.mjs).
    nodeTestInproc: { keepLoaded: run.scope.keep ?? [] },
    tap: { ...base.tap, testFiles: tests.length > 0 ? tests : run.scope.tests },
    // A sandbox folder per run, so two runs of different paths can go on at once.
    tempDirName: join('.stryker-tmp', slug),
    incrementalFile: join('reports', 'mutation', `${slug}.incremental.json`),
    jsonReporter: { fileName: join('reports', 'mutation', `${slug}.json`) },
    survivorsLog: { fileName: join('reports', 'mutation', `${slug}.survivors.txt`) },
  };
  const file = join('reports', 'mutation', `${slug}.config.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  console.log(`\nmutation testing ${run.mutate.join(' ')} against ${config.tap.testFiles.join(' ')}`);
  const r = spawnSync('npx', ['stryker', 'run', file, ...(force ? ['--force'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
