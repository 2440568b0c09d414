import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from '../../../../client/src/hosts/backoff';
import { coalesced } from '../../../../client/src/hosts/coalesce';
import { hostsFromSshConfig, parseHostSetting } from '@switchyard/hostio';
import { fingerprint, knownHostsName, parseKnownHosts, verifyHostKey } from '@switchyard/hostio';
import { shellQuote } from '../../../../client/src/hosts/ssh';
import { createHmac, randomBytes } from 'node:crypto';

test('reconnect delays double from 1 s and stop at 30 s', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 50].map((a) => backoffDelay(a)),
    [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
  );
});

test('host settings: user@host[:port], IPv6 in brackets, bad ports refused', () => {
  assert.deepEqual(parseHostSetting('root@build-1:2222', 'me'), {
    alias: 'root@build-1:2222',
    hostName: 'build-1',
    user: 'root',
    port: 2222,
    identityFiles: [],
    source: 'settings',
  });
  assert.equal(parseHostSetting('build-1', 'me')?.user, 'me');
  assert.equal(parseHostSetting('ops@[2001:db8::5]:22', 'me')?.hostName, '2001:db8::5');
  assert.equal(parseHostSetting('a@b:99999', 'me'), undefined);
  assert.equal(parseHostSetting('a b', 'me'), undefined);
});

test('~/.ssh/config: concrete hosts with HostName, User, Port and IdentityFile; wildcards are templates', () => {
  const text = [
    'Host *',
    '  User fallback',
    'Host lab',
    '  HostName 10.0.0.7',
    '  Port 2200',
    '  IdentityFile ~/.ssh/lab_key',
    'Host web-*',
    '  User deploy',
    '',
  ].join('\n');
  const hosts = hostsFromSshConfig(text, 'me', '/home/me');
  assert.deepEqual(
    hosts.map((h) => [h.alias, h.hostName, h.user, h.port, h.identityFiles]),
    [['lab', '10.0.0.7', 'fallback', 2200, ['/home/me/.ssh/lab_key']]],
  );
});

test('known_hosts: known, unknown (with fingerprint), changed, hashed names, non-22 ports, revoked', () => {
  const key = randomBytes(51);
  const other = randomBytes(51);
  const salt = randomBytes(20);
  const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[lab]:2200').digest('base64')}`;
  const lines = parseKnownHosts(
    [
      `plain.example ssh-ed25519 ${key.toString('base64')}`,
      `${hashed} ssh-ed25519 ${key.toString('base64')}`,
      `# a comment`,
      `moved.example ssh-ed25519 ${other.toString('base64')}`,
      `@revoked bad.example ssh-ed25519 ${key.toString('base64')}`,
    ].join('\n'),
  );
  assert.deepEqual(verifyHostKey(lines, 'plain.example', key), { kind: 'known' });
  assert.deepEqual(verifyHostKey(lines, knownHostsName('lab', 2200), key), { kind: 'known' });
  assert.deepEqual(verifyHostKey(lines, 'new.example', key), {
    kind: 'unknown',
    fingerprint: fingerprint(key),
  });
  assert.equal(verifyHostKey(lines, 'moved.example', key).kind, 'changed');
  assert.equal(verifyHostKey(lines, 'bad.example', key).kind, 'changed');
  assert.match(fingerprint(key), /^SHA256:[A-Za-z0-9+/]{43}$/);
});

test('remote arguments are quoted into single shell words', () => {
  assert.equal(shellQuote('plain-word_1.2/x'), 'plain-word_1.2/x');
  assert.equal(shellQuote("it's two words"), `'it'\\''s two words'`);
  assert.equal(shellQuote('$(reboot)'), `'$(reboot)'`);
});

test('refreshes called during a read share one more read, which starts after their call', async () => {
  let reads = 0;
  let release: (() => void) | undefined;
  const refresh = coalesced(async () => {
    reads += 1;
    await new Promise<void>((r) => (release = r));
  });
  const first = refresh();
  const during = [refresh(), refresh(), refresh()];
  assert.equal(reads, 1, 'no second read while the first runs');
  release?.();
  await first;
  await new Promise((r) => setImmediate(r));
  assert.equal(reads, 2, 'one more read for all three calls');
  release?.();
  await Promise.all(during);
  assert.equal(reads, 2);
});

test('a failed read still gives the waiting callers their read', async () => {
  let reads = 0;
  const refresh = coalesced(async () => {
    reads += 1;
    await new Promise((r) => setImmediate(r));
    if (reads === 1) throw new Error('docker went away');
  });
  const first = refresh();
  const second = refresh();
  await assert.rejects(first, /docker went away/);
  await second;
  assert.equal(reads, 2);
});
