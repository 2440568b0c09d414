import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pruneCaptures } from '../../../../engine/src/diag/capture-files';
import { Logger } from '../../../../engine/src/log/logger';

const dir = mkdtempSync(join(tmpdir(), 'sy-logcap-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the log file is 0600 (even one created 0644 before) and rotated at its size limit', () => {
  const file = join(dir, 'engine.log');
  writeFileSync(file, '', { mode: 0o644 });
  const log = new Logger('info', file, false, { maxBytes: 10_000, keep: 2 });
  assert.equal(statSync(file).mode & 0o777, 0o600);
  for (let i = 0; i < 2000; i++) log.info('line', { i, pad: 'x'.repeat(50) });
  const files = readdirSync(dir)
    .filter((n) => n.startsWith('engine.log'))
    .sort();
  assert.deepEqual(files, ['engine.log', 'engine.log.1', 'engine.log.2'], 'current + 2 rotated, no more');
  for (const f of files) {
    assert.ok(statSync(join(dir, f)).size <= 10_000, `${f} is within the limit`);
    assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, `${f} is 0600`);
  }
});

test('captures are pruned by age, count and total size, oldest first; other files are left alone', async () => {
  const caps = join(dir, 'captures');
  const now = Date.now() / 1000;
  writeFileSync(join(dir, 'x'), '');
  rmSync(caps, { recursive: true, force: true });
  mkdirSync(caps);
  const make = (name: string, bytes: number, ageS: number) => {
    writeFileSync(join(caps, name), Buffer.alloc(bytes));
    utimesSync(join(caps, name), now - ageS, now - ageS);
  };
  for (let i = 0; i < 8; i++) make(`capture-${1000 + i}-aa${i}.pcap`, 100, 100 - i); // i=7 newest
  make('capture-1-abc.pcap', 10, 30 * 24 * 3600);
  make('notes.txt', 10, 30 * 24 * 3600);
  const removed = await pruneCaptures(caps, {
    maxFiles: 5,
    maxTotalBytes: 450,
    maxAgeMs: 7 * 24 * 3600_000,
    maxFileBytes: 1,
  });
  const left = readdirSync(caps).sort();
  assert.deepEqual(left, [
    'capture-1004-aa4.pcap',
    'capture-1005-aa5.pcap',
    'capture-1006-aa6.pcap',
    'capture-1007-aa7.pcap',
    'notes.txt',
  ]);
  // Too old: the ancient one. Too many / too large: the 4 oldest of the 8 (5 would make 500 > 450 bytes).
  assert.equal(removed.length, 5, `removed: ${removed.join(', ')}`);
  assert.ok(removed.includes('capture-1-abc.pcap'));
});
