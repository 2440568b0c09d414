// The set-up `npm start` and `npm test` do for themselves, so both work on a fresh clone of a fresh machine:
// node_modules (installed when missing or older than package-lock.json), Debian packages by group
// (scripts/ci/packages.sh, as root; otherwise the command that installs them), and the build.
// Only Node built-ins here: this runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');

export const isRoot = () => process.getuid?.() === 0;

/** Runs argv with inherited output; on failure prints what failed and exits with its status. */
export function runOrExit(what, argv, options = {}) {
  const r = spawnSync(argv[0], argv.slice(1), { cwd: root, stdio: 'inherit', ...options });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    console.error(`\n${what} failed (${why}); see the output above.`);
    process.exit(r.status || 1);
  }
}

/**
 * `npm ci` when node_modules is missing or older than package-lock.json (npm writes
 * node_modules/.package-lock.json at the end of every install, so its time is the install's).
 */
export function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
  if (!stale) return;
  console.log(
    existsSync(installed)
      ? 'node_modules is older than package-lock.json: npm ci'
      : 'node_modules is missing: npm ci (once, about a minute)',
  );
  // npm_execpath is the npm that runs this script; fall back to the one on PATH.
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  runOrExit('npm ci', [...npm, 'ci', '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Debian packages of the groups that are not installed (scripts/ci/packages.sh --list). */
export function missingPackages(groups) {
  const r = spawnSync('bash', [join(root, 'scripts/ci/packages.sh'), '--list', ...groups], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`scripts/ci/packages.sh --list failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

/**
 * Installs the Debian packages of `groups` when root. Returns undefined when they are all there, or the
 * one command that provides them (for a user who is not root).
 */
export function ensurePackages(groups) {
  if (!existsSync('/usr/bin/dpkg-query')) return undefined; // not Debian: the tiers say what they miss
  const missing = missingPackages(groups);
  if (missing.length === 0) return undefined;
  if (!isRoot()) return `sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  runOrExit(`installing Debian packages (${missing.join(' ')})`, [
    'bash',
    join(root, 'scripts/ci/packages.sh'),
    ...groups,
  ]);
  return undefined;
}

export function build() {
  runOrExit('the build', [process.execPath, join(root, 'esbuild.mjs')]);
}
