import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HostSnapshotNotification } from '@switchyard/protocol';
import { messageOf, withScratchServer } from './client';
import type { LspClient } from './client';
import { waitFor } from '../support/wait';
import { hostNetwork, hostSnapshot } from '../support/host-snapshot';

const COMPOSE = `services:
  web:
    image: nginx
    networks: [front]
networks:
  front:
    ipam:
      config:
        - subnet: 10.20.0.0/24
`;

const SNAPSHOT = hostSnapshot([hostNetwork('legacy', { id: 'n1', subnets: [{ subnet: '10.20.0.0/16' }] })]);

const scratch = (fn: (c: LspClient, dir: string) => Promise<void>): Promise<void> => withScratchServer(fn);

test('switchyard/hostSnapshot: a host network overlapping the project is reported, and cleared again', async () => {
  await scratch(async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
    const before = await c.diagnostics(uri);
    assert.ok(!before.some((d) => String(d.code).startsWith('HOST')));
    await c.conn.sendNotification(HostSnapshotNotification.method, { snapshot: SNAPSHOT });
    const withHost = await c.diagnostics(uri, (d) => d.some((x) => String(x.code).startsWith('HOST')));
    const hit = withHost.find((d) => String(d.code).startsWith('HOST'));
    assert.match(hit ? messageOf(hit) : '', /legacy/);
    await c.conn.sendNotification(HostSnapshotNotification.method, { snapshot: null });
    await c.diagnostics(uri, (d) => !d.some((x) => String(x.code).startsWith('HOST')));
  });
});

test('switchyard/hostSnapshot: a malformed snapshot is logged and ignored', async () => {
  await scratch(async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
    await c.diagnostics(uri);
    await c.conn.sendNotification(HostSnapshotNotification.method, {
      snapshot: { host: 'x', networks: 'nope' },
    });
    await waitFor(() => c.logs.some((l) => l.includes('ignored switchyard/hostSnapshot')), 10_000, {
      what: 'the log line for the bad snapshot',
    });
    assert.ok(c.alive);
  });
});

test('closing the last file of a project clears its diagnostics', async () => {
  await scratch(async (c, dir) => {
    const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE.replace('[front]', '[front, nowhere]'));
    await c.diagnostics(uri, (d) => d.some((x) => x.code === 'NET010'));
    const count = c.published.length;
    await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await waitFor(
      () => c.published.slice(count).some((p) => p.uri === uri && p.diagnostics.length === 0),
      10_000,
      { what: 'an empty publish after close' },
    );
  });
});

test('an included file open beside its base shows what both projects find, and keeps its own after the base closes', async () => {
  // infra.yaml is a project of its own (NET010: compose loads an included file on its own) and a part of
  // compose.yaml's project, which alone sees that "db" leaves "web" alone on the default network (NET028).
  await scratch(async (c, dir) => {
    const base = 'include:\n  - infra.yaml\nservices:\n  web:\n    image: nginx\n';
    const infra = 'services:\n  db:\n    image: postgres\n    networks: [nope]\n';
    writeFileSync(join(dir, 'compose.yaml'), base);
    writeFileSync(join(dir, 'infra.yaml'), infra);
    const baseUri = await c.open(join(dir, 'compose.yaml'), base);
    const infraUri = pathToFileURL(join(dir, 'infra.yaml')).href;
    await c.diagnostics(infraUri, (d) => d.some((x) => x.code === 'NET028'));
    await c.open(join(dir, 'infra.yaml'), infra);
    const both = await c.diagnostics(
      infraUri,
      (d) => d.some((x) => x.code === 'NET028') && d.some((x) => x.code === 'NET010'),
    );
    assert.equal(both.filter((x) => x.code === 'NET010').length, 1, 'one NET010, not one per project');
    // An edit in the included file re-validates both projects; whichever runs last, both findings stay.
    const v = await c.change(infraUri, infra.replace('postgres', 'postgres:16'));
    await c.diagnostics(
      infraUri,
      (d) => d.some((x) => x.code === 'NET028') && d.some((x) => x.code === 'NET010'),
      v,
    );
    const count = c.published.length;
    await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: baseUri } });
    await waitFor(() => c.published.slice(count).some((p) => p.uri === baseUri), 10_000, {
      what: 'the closed base file cleared',
    });
    const own = await c.diagnostics(infraUri, (d) => !d.some((x) => x.code === 'NET028'));
    assert.deepEqual(
      own.map((x) => x.code),
      ['NET010'],
      'the included file keeps the finding of its own project',
    );
  });
});

test('a file changed on disk is re-read when the client reports it (didChangeWatchedFiles)', async () => {
  await scratch(async (c, dir) => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\nnetworks:\n  front: {}\n');
    const override = 'services:\n  web:\n    networks: [front, later]\n';
    const uri = await c.open(join(dir, 'compose.override.yaml'), override);
    await c.diagnostics(uri, (d) => d.some((x) => x.code === 'NET010'));
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  web:\n    image: nginx\nnetworks:\n  front: {}\n  later: {}\n',
    );
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(dir, 'compose.yaml')).href, type: 2 }],
    });
    await c.diagnostics(uri, (d) => !d.some((x) => x.code === 'NET010'));
  });
});

test('the server registers the one file watcher (the extension has none of its own): compose files, .env, .switchyard.yaml', async () => {
  await withScratchServer(
    async (c) => {
      const watch = await waitFor(
        () => c.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'),
        10_000,
        { what: 'the watched-files registration' },
      );
      const globs = (watch.registerOptions as { watchers: { globPattern: string }[] }).watchers.map(
        (w) => w.globPattern,
      );
      assert.deepEqual(globs, ['**/*.{yml,yaml}', '**/.env', '**/*.env', '**/.switchyard.{yml,yaml}']);
    },
    { workspaceCapabilities: { didChangeWatchedFiles: { dynamicRegistration: true } } },
  );
});

test('a file too large to be a compose file gets one note instead of a stalled server', async () => {
  await scratch(async (c, dir) => {
    const big = `services:\n${'  # padding padding padding padding padding padding padding padding padding\n'.repeat(120_000)}`;
    assert.ok(big.length > 8 * 1024 * 1024);
    const uri = await c.open(join(dir, 'compose.yaml'), big);
    const diags = await c.diagnostics(uri, (d) => d.length > 0, undefined, 30_000);
    assert.equal(diags.length, 1);
    assert.match(diags[0] ? messageOf(diags[0]) : '', /does not check files over 8 MB/);
    const hover = await c.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 2 },
    });
    assert.equal(hover, null);
  });
});
