// `npm test`: does its own set-up, then runs every test tier (or the ones named) in one node:test run.
//   npm test                 all tiers npm test runs (printed first)
//   npm test -- unit lsp     only those tiers
//   npm run test:electron    the electron tier, which `npm test` does not run (see test/README.md)
// Set-up: node_modules when missing or stale, and the build. As root it also installs the Debian packages the
// chosen tiers need (scripts/ci/packages.sh) and starts the services they share (scripts/ci/services.sh: a
// dockerd only if none answers, the local busybox image), and stops at the end what it started. Without root
// the tiers that need root are left out, each named with what it needs and the command that runs it. Under
// CI=true nothing is left out: a missing prerequisite fails its tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, ensureNodeModules, ensurePackages, isRoot, root, runOrExit } from './setup.mjs';

/**
 * Each tier: the Debian package groups it needs (without them it cannot run), the groups some of its tests
 * use (installed as root; otherwise those tests skip and say why), whether it needs root and dockerd.
 */
const tiers = {
  unit: { groups: [], extras: [], root: false, docker: false },
  lsp: { groups: [], extras: [], root: false, docker: false },
  groundtruth: { groups: ['docker'], extras: [], root: false, docker: true },
  engine: { groups: ['engine', 'docker'], extras: [], root: true, docker: true },
  remote: { groups: ['remote', 'engine', 'docker'], extras: [], root: true, docker: true },
  ui: { groups: ['ui', 'editor', 'engine', 'remote', 'docker'], extras: [], root: true, docker: true },
  // Run only when named: VS Code desktop cannot be downloaded here, so CI has none (test/README.md).
  electron: { groups: [], extras: [], root: false, docker: false, ownCommand: 'npm run test:electron' },
};
const names = Object.keys(tiers);
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((t) => !names.includes(t));
if (unknown.length > 0) {
  console.error(`unknown test tier ${unknown.join(', ')}; tiers are: ${names.join(', ')}`);
  process.exit(2);
}
const ci = process.env.CI === 'true';
let chosen = wanted.length > 0 ? wanted : names.filter((t) => !tiers[t].ownCommand);
const notRun = names
  .filter((t) => tiers[t].ownCommand && !chosen.includes(t))
  .map((t) => `${t} (${tiers[t].ownCommand})`);
console.log(`test tiers: ${chosen.join(', ')}${notRun.length ? `; not run here: ${notRun.join(', ')}` : ''}`);

ensureNodeModules();

// Without root, a tier that needs it cannot set itself up: say so once per tier, with the command to run.
const skipped = [];
if (!isRoot() && !ci) {
  for (const t of chosen.filter((t) => tiers[t].root))
    skipped.push(`${t}: needs root (namespaces, nftables, dockerd); run: sudo npm test -- ${t}`);
  chosen = chosen.filter((t) => !tiers[t].root);
}
// As root the extras come too; without root a missing extra only skips the tests that use it.
if (isRoot()) {
  const extras = [...new Set(chosen.flatMap((t) => tiers[t].extras))];
  if (extras.length > 0) ensurePackages(extras);
}
const groups = [...new Set(chosen.flatMap((t) => tiers[t].groups))];
if (groups.length > 0) {
  const command = ensurePackages(groups);
  if (command) {
    for (const t of chosen.filter((t) => tiers[t].groups.length > 0))
      skipped.push(`${t}: needs Debian packages; run: ${command}`);
    if (!ci) chosen = chosen.filter((t) => tiers[t].groups.length === 0);
  }
}

build();

// Shared services: a dockerd the run starts (only when none answers) belongs to this run and is stopped at
// its end, with what it left in the machine's firewall. A caller that set SWITCHYARD_SERVICES_OWNER (.ci/run)
// owns the services and stops them itself.
const callerOwnsServices = Boolean(process.env.SWITCHYARD_SERVICES_OWNER);
const owner = process.env.SWITCHYARD_SERVICES_OWNER ?? `npm-test-${process.pid}`;
const servicesEnv = { ...process.env, SWITCHYARD_SERVICES_OWNER: owner };
const services = (verb, stdio = 'inherit') =>
  spawnSync('bash', [join(root, 'scripts/ci/services.sh'), verb], {
    stdio,
    env: servicesEnv,
    encoding: 'utf8',
  });
let testEnv = servicesEnv;
if (isRoot() && chosen.some((t) => tiers[t].docker)) {
  runOrExit(
    'starting the test services (scripts/ci/services.sh start)',
    ['bash', 'scripts/ci/services.sh', 'start'],
    {
      env: servicesEnv,
    },
  );
  // DOCKER_HOST and SWITCHYARD_TEST_IMAGE, as `eval "$(services.sh env)"` would export them.
  const exports = services('env', 'pipe').stdout ?? '';
  testEnv = { ...servicesEnv };
  for (const m of exports.matchAll(/^export (\w+)=(.*)$/gm)) testEnv[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}
const files = chosen.flatMap((t) => testFiles(join('test', t))).sort();
let status;
if (files.length === 0) {
  console.error(chosen.length === 0 ? 'no tier can run here (see below)' : 'no test files found');
  status = 1;
} else {
  const run = spawnSync(
    process.execPath,
    // A test that hangs fails after 30 minutes instead of holding CI until its own limit.
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-timeout=1800000',
      '--test-reporter=spec',
      ...files,
    ],
    { cwd: root, stdio: 'inherit', env: testEnv },
  );
  status = run.status ?? 1;
}
const runDir = process.env.SWITCHYARD_CI_RUN_DIR ?? '/run/switchyard-ci';
if (!callerOwnsServices && existsSync(join(runDir, 'dockerd.ours'))) services('stop');
if (skipped.length > 0) {
  console.log(`\nTiers left out (${skipped.length}):`);
  for (const s of skipped) console.log(`  ${s}`);
}
process.exit(status);
