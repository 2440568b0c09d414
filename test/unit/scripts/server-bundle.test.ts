// What the language server's shipped bundle leaves out, so that it loads less and keeps less in its heap
// (bench/README.md, issue 16): zod's locales but English (scripts/zod-locales.mjs; zod's messages are the same
// in a bundle as from node_modules), and the protocol's schemas it never uses (protocol/package.json
// declares no side effects, so esbuild drops a module none of whose exports is used).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../../../scripts/bundles.mjs';

const root = join(__dirname, '..', '..', '..');

/** Bytes of the shipped server bundle by input file (files esbuild read but dropped have 0). */
async function serverBundleInputs(): Promise<Map<string, number>> {
  const [server] = bundleOptions({ production: true, only: ['server'], outdir: join(tmpdir(), 'unused') });
  assert.ok(server);
  const result = await build({ ...server, absWorkingDir: root, write: false, metafile: true });
  const [output] = Object.values(result.metafile.outputs);
  assert.ok(output);
  return new Map(Object.entries(output.inputs).map(([file, i]) => [file, i.bytesInOutput]));
}

test("the server's bundle holds zod's English locale and no other", async () => {
  const locales = [...(await serverBundleInputs())]
    .filter(([, bytes]) => bytes > 0)
    .map(([f]) => /node_modules\/zod\/v4\/locales\/([^/]+)\.js$/.exec(f)?.[1])
    .filter((name) => name !== undefined);
  assert.deepEqual(locales, ['en']);
});

test("the server's bundle leaves out the protocol's schemas it never uses", async () => {
  const inputs = await serverBundleInputs();
  // The Docker API's and the engine's methods' schemas are the CLI's and the client's, never the server's.
  for (const unused of ['protocol/src/docker-api.ts', 'protocol/src/engine/methods.ts'])
    assert.equal(inputs.get(unused) ?? 0, 0, `${unused} is not in the server's bundle`);
  // What the server does use is there.
  for (const used of ['protocol/src/host-snapshot.ts', 'protocol/src/server-options.ts'])
    assert.ok((inputs.get(used) ?? 0) > 0, `${used} is in the server's bundle`);
});

// Messages of every kind of issue the server's schemas (protocol/src) can raise, and the locales' keys.
const probe = `
import { z } from 'zod';
const schema = z.object({
  name: z.string().min(2).max(4).regex(/^[a-z]+$/),
  port: z.number().int().min(1).max(65535),
  mode: z.enum(['bridge', 'host']),
  tags: z.array(z.string()).nonempty(),
  kind: z.literal('compose'),
  when: z.union([z.string(), z.number()]),
  ip: z.ipv4(),
  url: z.url(),
  extra: z.strictObject({ a: z.boolean() }),
});
const bad = { name: 'A-LONG1', port: 1.5, mode: 'none', tags: [], kind: 'k8s', when: true, ip: '1.2.3',
  url: 'nope', extra: { a: 'x', b: 1 } };
const issues = schema.safeParse(bad).error.issues.map((i) => [i.path.join('.'), i.code, i.message]);
issues.push(['', 'missing', z.object({ x: z.string() }).safeParse({}).error.issues[0].message]);
issues.push(['', 'type', z.string().safeParse(undefined).error.issues[0].message]);
console.log(JSON.stringify({ issues, prettified: z.prettifyError(schema.safeParse(bad).error) }));
console.error(JSON.stringify(Object.keys(z.locales)));
`;

test("zod's messages in our bundles are those of zod from node_modules", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-zod-locales-'));
  try {
    const [server] = bundleOptions({ production: true, only: ['server'], outdir: dir });
    assert.ok(server);
    const out = join(dir, 'probe.js');
    await build({
      ...server,
      entryPoints: undefined,
      stdin: { contents: probe, resolveDir: root, loader: 'ts' },
      outfile: out,
      absWorkingDir: root,
    });
    const unbundled = join(dir, 'probe.mjs');
    writeFileSync(unbundled, probe.replace("'zod'", `'${join(root, 'node_modules', 'zod', 'index.js')}'`));
    const bundledRun = spawnSync(process.execPath, [out], { encoding: 'utf8' });
    const plainRun = spawnSync(process.execPath, [unbundled], { encoding: 'utf8' });
    assert.equal(bundledRun.status, 0, bundledRun.stderr);
    assert.equal(plainRun.status, 0, plainRun.stderr);
    const bundled = JSON.parse(bundledRun.stdout) as { issues: string[][]; prettified: string };
    assert.ok(bundled.issues.length >= 12, `every field gives an issue: ${bundledRun.stdout}`);
    assert.ok(
      bundled.issues.every(([, , message]) => /^[ -~]+$/.test(message ?? '')),
      'English, printable',
    );
    assert.deepEqual(bundled, JSON.parse(plainRun.stdout));
    // z.locales is English alone in the bundle (the index is replaced, not emptied), all of them without.
    assert.deepEqual(JSON.parse(bundledRun.stderr), ['en']);
    assert.ok((JSON.parse(plainRun.stderr) as string[]).length > 40);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
