// Builds the npm package `switchyard-network` (packages/cli): `switchyard` (lint, explain),
// `switchyard-language-server` and `switchyard-engine`, each one bundled file with no runtime dependency.
//
//   node scripts/pack-cli.mjs [--out DIR]     prints the path of the .tgz it wrote (default DIR: dist/npm)
//
// The package is staged in DIR/package from packages/cli, the LICENSE and production bundles made by
// esbuild.mjs; its version is the repository's (package.json). test/lsp/npm-package.test.ts installs the
// tarball into a throwaway prefix and runs the bins.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const i = process.argv.indexOf('--out');
const out = resolve(i >= 0 ? (process.argv[i + 1] ?? '') : join(root, 'dist', 'npm'));
const stage = join(out, 'package');

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const source = join(root, 'packages', 'cli');
// A dist/ left in packages/cli by hand is not shipped: the bundles are built below.
cpSync(source, stage, {
  recursive: true,
  filter: (p) => !/^[\\/]dist([\\/]|$)/.test(p.slice(source.length)),
});
cpSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
manifest.version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
if (manifest.dependencies !== undefined)
  throw new Error('packages/cli must have no dependencies: everything is bundled');
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

execFileSync(
  process.execPath,
  [join(root, 'esbuild.mjs'), '--production', '--outdir', join(stage, 'dist'), '--only', 'cli,server,engine'],
  { cwd: root, stdio: 'inherit' },
);
for (const bin of Object.values(manifest.bin)) chmodSync(join(stage, bin), 0o755);

const packed = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', out, stage], {
    cwd: out,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
);
console.log(join(out, packed[0].filename));
