// daemon.json written through a real (local) transport into a temporary folder: the backup keeps the old
// text, the new text lands whole, no temporary file is left, and a missing file is created with its folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTransport } from '../../../../client/src/hosts/local';
import { backupPath, planDaemonJson } from '../../../../client/src/logs/daemon-json';
import { readDaemonJson, writeDaemonJson } from '../../../../client/src/logs/daemon-json-io';

test('daemon.json edit through the transport: backup, whole new file, nothing left over', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-daemon-json-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'daemon.json');
  const old = '{\n  "data-root": "/srv/docker"\n}\n';
  writeFileSync(path, old);
  const transport = new LocalTransport();
  const before = await readDaemonJson(transport, [], path);
  assert.equal(before, old);
  const plan = planDaemonJson(before ?? '', 'debug', path);
  const backup = backupPath(path, new Date('2026-01-02T03:04:05Z'));
  await writeDaemonJson(transport, [], path, plan.after, backup);
  assert.equal(readFileSync(backup, 'utf8'), old);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), {
    'data-root': '/srv/docker',
    'log-level': 'debug',
    debug: true,
  });
  assert.deepEqual(readdirSync(dir).sort(), ['daemon.json', 'daemon.json.bak-20260102T030405Z']);
});

test('a missing daemon.json reads as absent and is created with its folder', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-daemon-json-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'etc', 'docker', 'daemon.json');
  const transport = new LocalTransport();
  assert.equal(await readDaemonJson(transport, [], path), undefined);
  await writeDaemonJson(transport, [], path, planDaemonJson('', 'warn', path).after, undefined);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { 'log-level': 'warn' });
  assert.equal(existsSync(`${path}.switchyard-tmp`), false);
});
