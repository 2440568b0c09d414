import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInRoot } from '../../../../engine/src/diag/container-file';

// A fake container root next to a "host" secret: nothing read through the root may come from outside it.
const base = mkdtempSync(join(tmpdir(), 'sy-root-'));
const root = join(base, 'rootfs');
const secret = join(base, 'host-secret');
after(() => rmSync(base, { recursive: true, force: true }));
mkdirSync(join(root, 'etc'), { recursive: true });
mkdirSync(join(root, 'run/real'), { recursive: true });
writeFileSync(secret, '10.9.9.9 leaked.example\n');
writeFileSync(join(root, 'run/real/resolv.conf'), 'nameserver 127.0.0.11\n');

test('a regular file is read; a symlink inside the root is followed inside the root', () => {
  writeFileSync(join(root, 'etc/hosts'), '127.0.0.1 localhost\n');
  assert.equal(readInRoot(root, 'etc/hosts'), '127.0.0.1 localhost\n');
  symlinkSync('../run/real/resolv.conf', join(root, 'etc/resolv.conf'));
  assert.equal(readInRoot(root, 'etc/resolv.conf'), 'nameserver 127.0.0.11\n');
  rmSync(join(root, 'etc/resolv.conf'));
  symlinkSync('/run/real/resolv.conf', join(root, 'etc/resolv.conf'));
  assert.equal(readInRoot(root, 'etc/resolv.conf'), 'nameserver 127.0.0.11\n', 'absolute = from the root');
});

test("symlinks to the host's files resolve inside the root (absolute, or .. past the root)", () => {
  rmSync(join(root, 'etc/hosts'));
  symlinkSync(secret, join(root, 'etc/hosts'));
  assert.throws(() => readInRoot(root, 'etc/hosts'), /ENOENT/, 'absolute target: looked up in the root');
  rmSync(join(root, 'etc/hosts'));
  symlinkSync('../../../../../../../..' + secret, join(root, 'etc/hosts'));
  assert.throws(() => readInRoot(root, 'etc/hosts'), /ENOENT/, '.. stops at the root');
  rmSync(join(root, 'etc'), { recursive: true });
  symlinkSync(base, join(root, 'etc'));
  assert.throws(() => readInRoot(root, 'etc/host-secret'), /ENOENT/, 'a directory symlink too');
  rmSync(join(root, 'etc'));
  mkdirSync(join(root, 'etc'));
});

test('a FIFO is refused at once (no hang), a huge file by its size', () => {
  execFileSync('mkfifo', [join(root, 'etc/resolv.conf')]);
  assert.throws(() => readInRoot(root, 'etc/resolv.conf'), /not a regular file/);
  writeFileSync(join(root, 'etc/hosts'), 'x'.repeat(300_000));
  assert.throws(() => readInRoot(root, 'etc/hosts'), /larger than 262144 bytes/);
  assert.equal(readInRoot(root, 'etc/hosts', 400_000).length, 300_000);
});
