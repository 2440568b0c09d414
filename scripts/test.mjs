// `npm test`: builds the bundles, then runs every test tier that exists in one node:test run.
//   npm test                 all tiers npm test runs (printed first)
//   npm test -- unit lsp     only those tiers
//   npm run test:electron    the electron tier, which `npm test` does not run (see test/README.md)
// Tiers that need root, dockerd or sshd set those up themselves (see test/README.md). Outside CI they skip
// with a reason when the machine cannot provide them; under CI=true a missing prerequisite is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const tiers = ['unit', 'lsp', 'groundtruth', 'engine', 'remote', 'ui'];
// Run only when named: they need something CI does not have (VS Code desktop cannot be downloaded here).
const ownCommand = { electron: 'npm run test:electron' };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((t) => !tiers.includes(t) && !(t in ownCommand));
if (unknown.length > 0) {
  console.error(
    `unknown test tier ${unknown.join(', ')}; tiers are: ${[...tiers, ...Object.keys(ownCommand)].join(', ')}`,
  );
  process.exit(2);
}
const chosen = wanted.length > 0 ? wanted : tiers;
const notRun = Object.entries(ownCommand)
  .filter(([t]) => !chosen.includes(t))
  .map(([t, cmd]) => `${t} (${cmd})`);
console.log(`test tiers: ${chosen.join(', ')}${notRun.length ? `; not run here: ${notRun.join(', ')}` : ''}`);

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const build = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = chosen.flatMap((t) => testFiles(join('test', t))).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// A dockerd the tests start themselves (test/support/docker.ts `ensureDocker`, when none answers) belongs to
// this run: it is marked with this run's owner and stopped at the end, with what it left in the machine's
// firewall. One started by .ci/run or by hand has another owner and is left alone.
const owner = process.env.SWITCHYARD_SERVICES_OWNER ?? `npm-test-${process.pid}`;
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, SWITCHYARD_SERVICES_OWNER: owner } },
);
const runDir = process.env.SWITCHYARD_CI_RUN_DIR ?? '/run/switchyard-ci';
if (!process.env.SWITCHYARD_SERVICES_OWNER && existsSync(join(runDir, 'dockerd.ours')))
  spawnSync('bash', ['scripts/ci/services.sh', 'stop'], {
    stdio: 'inherit',
    env: { ...process.env, SWITCHYARD_SERVICES_OWNER: owner },
  });
process.exit(run.status ?? 1);
