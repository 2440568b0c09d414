// `npm run mutate [-- PATH ...] [--tests GLOB ...]`: mutation testing with StrykerJS (not part of CI).
//   npm run mutate                              every scope below, one after the other
//   npm run mutate -- core/src/net              the mutants of one folder (or file) of a scope
//   npm run mutate -- core/src/ports/conflicts.ts --tests 'test/unit/core/**/*.test.ts'
//   npm run mutate -- core/src/ports --force     every mutant again, not only those of changed code
// Each scope is mutated against its own unit tests (the test files below), type-checked by its own
// tsconfig (mutants that do not compile are discarded, not counted), and remembered in an incremental file
// under reports/mutation/ (not in git) so that a second run re-tests only the mutants of changed code and
// tests. Runs with concurrency 1: the score per folder goes in test/README.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The code under mutation testing: pure modules, each with the unit tests that are meant to pin it. */
const SCOPES = [
  { root: 'core/src', tsconfig: 'core/tsconfig.json', tests: ['test/unit/core/**/*.test.ts'] },
  {
    root: 'server/src/rules',
    tsconfig: 'server/tsconfig.json',
    tests: ['test/unit/server/rules/**/*.test.ts'],
  },
  {
    root: 'server/src/compose',
    tsconfig: 'server/tsconfig.json',
    tests: ['test/unit/server/compose/**/*.test.ts'],
  },
  {
    root: 'server/src/yaml',
    tsconfig: 'server/tsconfig.json',
    tests: ['test/unit/server/yaml/**/*.test.ts', 'test/unit/server/compose/**/*.test.ts'],
  },
  {
    root: 'engine/src',
    tsconfig: 'engine/tsconfig.json',
    tests: ['test/unit/engine/**/*.test.ts'],
    // Only the pure modules: codecs, builders and parsers; the rest needs a kernel (test/engine).
    mutate: [
      'engine/src/dns/{addr,message,query,response,resolver,view}.ts',
      'engine/src/ipam/*.ts',
      'engine/src/firewall/{render,model,elements}.ts',
      'engine/src/ports/parse.ts',
      'engine/src/discovery/sandbox-nat.ts',
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
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--tests') tests.push(args[++i] ?? '');
  else if (args[i] === '--force') force = true;
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

const runs =
  paths.length > 0
    ? paths.map((p) => {
        const scope = scopeOf(p);
        const mutate =
          p === scope.root && scope.mutate ? scope.mutate : [/\.ts$/.test(p) ? p : `${p}/**/*.ts`];
        return { name: p, scope, mutate };
      })
    : SCOPES.map((s) => ({ name: s.root, scope: s, mutate: s.mutate ?? [`${s.root}/**/*.ts`] }));

const base = JSON.parse(readFileSync('stryker.config.json', 'utf8'));
mkdirSync(join('reports', 'mutation'), { recursive: true });
let status = 0;
for (const run of runs) {
  const slug = run.name.replace(/[^a-zA-Z0-9]+/g, '-');
  const config = {
    ...base,
    mutate: [...run.mutate, '!**/*.d.ts', '!**/index.ts'],
    tsconfigFile: run.scope.tsconfig,
    tap: { ...base.tap, testFiles: tests.length > 0 ? tests : run.scope.tests },
    incrementalFile: join('reports', 'mutation', `${slug}.incremental.json`),
    jsonReporter: { fileName: join('reports', 'mutation', `${slug}.json`) },
  };
  const file = join('reports', 'mutation', `${slug}.config.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  console.log(`\nmutation testing ${run.mutate.join(' ')} against ${config.tap.testFiles.join(' ')}`);
  const r = spawnSync('npx', ['stryker', 'run', file, ...(force ? ['--force'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
