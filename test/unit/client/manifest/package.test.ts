// The Marketplace package: icon, listing fields, NOTICE and the l10n bundle current with the sources, the
// walkthrough's steps and links, and what `vsce ls` puts in the .vsix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../support/proc';

const root = join(__dirname, '..', '..', '..', '..');
const read = (p: string): string => readFileSync(join(root, p), 'utf8');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
interface Manifest {
  icon?: string;
  repository?: { url?: string };
  keywords?: string[];
  galleryBanner?: { color?: string; theme?: string };
  l10n?: string;
  contributes: { commands: { command: string }[]; walkthroughs?: { id: string; steps: Step[] }[] };
}
const pkg = JSON.parse(read('package.json')) as Manifest;
const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
const text = (s: string): string => nls[/^%(.+)%$/.exec(s)?.[1] ?? ''] ?? s;

test('listing: a PNG icon of at least 128 x 128, repository, keywords, banner, changelog', () => {
  assert.ok(pkg.icon);
  const png = readFileSync(join(root, pkg.icon));
  assert.deepEqual(
    [...png.subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    'PNG signature',
  );
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  assert.ok(width >= 128 && width === height, `${width} x ${height}`);
  assert.match(pkg.repository?.url ?? '', /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  assert.ok((pkg.keywords ?? []).length >= 5 && (pkg.keywords ?? []).length <= 30, 'vsce allows 30 keywords');
  assert.match(pkg.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(pkg.galleryBanner?.theme ?? ''));
  assert.match(read('CHANGELOG.md'), /^# Changelog\n[\s\S]*## \[Unreleased\]/);
});

test('NOTICE holds the licence of every package esbuild bundles, as of now', async () => {
  const r = await run([process.execPath, join(root, 'scripts', 'notice.mjs'), '--check'], {
    timeoutMs: 120_000,
  });
  assert.equal(r.code, 0, r.stderr);
  const notice = read('NOTICE');
  for (const bundled of ['dockerode@', 'ssh2@', 'vscode-languageclient@', 'yaml@', 'zod@', 'cytoscape@'])
    assert.ok(notice.includes(`- ${bundled}`), `${bundled} listed`);
  assert.ok(!/\(UNKNOWN\)|no licence file/.test(notice), 'every package has a licence text');
  // Packages used only to build or test are not bundled.
  for (const dev of ['- esbuild@', '- typescript@', '- playwright-core@'])
    assert.ok(!notice.includes(dev), dev);
});

test('l10n: the bundle lists every message the client translates, and package.json declares it', async () => {
  assert.equal(pkg.l10n, './l10n');
  const r = await run([process.execPath, join(root, 'scripts', 'l10n.mjs'), '--check'], {
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 0, r.stderr);
  const bundle = JSON.parse(read('l10n/bundle.l10n.json')) as Record<string, string>;
  assert.ok(Object.keys(bundle).length >= 150);
  assert.equal(bundle['{0} failed: {1}'], '{0} failed: {1}');
  // Strings of pure modules that take vscode.l10n.t as a `Translate` parameter (tree/service-rows.ts) too.
  assert.equal(bundle['{0}/{1} running'], '{0}/{1} running');
  assert.equal(bundle['1 replica · {0} running'], '1 replica · {0} running');
});

test('walkthrough: connect, compose file, network, ping; each step has its page and real commands', () => {
  const walk = pkg.contributes.walkthroughs?.[0];
  assert.ok(walk);
  assert.deepEqual(
    walk.steps.map((s) => s.id),
    ['connect', 'compose', 'network', 'ping'],
  );
  const commands = new Set(pkg.contributes.commands.map((c) => c.command));
  const contextKeys = read('client/src/status-bar.ts');
  for (const step of walk.steps) {
    assert.ok(step.media.markdown && existsSync(join(root, step.media.markdown)), `${step.id}: media`);
    assert.ok(!text(step.title).startsWith('%') && !text(step.description).startsWith('%'), step.id);
    const links = [...text(step.description).matchAll(/\(command:([\w.]+)/g)].map((m) => m[1] ?? '');
    assert.ok(links.length > 0, `${step.id}: a button`);
    for (const id of links)
      assert.ok(commands.has(id) || /^workbench\./.test(id), `${step.id}: ${id} is a command`);
    for (const ev of step.completionEvents ?? []) {
      const [kind, arg] = ev.split(':');
      if (kind === 'onCommand') assert.ok(commands.has(arg ?? ''), `${step.id}: ${ev}`);
      else if (kind === 'onContext') assert.ok(contextKeys.includes(`'${arg}'`), `${step.id}: ${arg} is set`);
      else if (kind === 'onView') assert.equal(arg, 'switchyard.hosts', `${step.id}: ${ev}`);
      else assert.fail(`${step.id}: unexpected completion event ${ev}`);
    }
  }
});

test('the .vsix carries the icon, NOTICE, CHANGELOG, the manifest strings and the l10n bundle', async () => {
  const vsce = join(root, 'node_modules', '.bin', 'vsce');
  const r = await run([vsce, 'ls', '--no-dependencies'], { cwd: root, timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  const files = new Set(r.stdout.split('\n').map((l) => l.trim()));
  for (const f of [
    'media/icon.png',
    'NOTICE',
    'CHANGELOG.md',
    'LICENSE',
    'package.nls.json',
    'l10n/bundle.l10n.json',
    'media/walkthrough/ping.md',
    'dist/client.js',
  ])
    assert.ok(files.has(f), `${f} in the package`);
  assert.ok(![...files].some((f) => f.endsWith('.map') || f.startsWith('client/')), 'no sources or maps');
});
