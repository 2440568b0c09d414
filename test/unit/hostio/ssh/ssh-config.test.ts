import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostsFromSshConfig } from '@switchyard/hostio';

test('ssh config keywords are read in any case, as OpenSSH reads them', () => {
  const [h] = hostsFromSshConfig(
    'host box\n  hostname 10.0.0.5\n  USER admin\n  port 2222\n  identityfile ~/.ssh/box\n  hostkeyalias box-key\n' +
      '  userknownhostsfile ~/.ssh/kh_a /etc/kh_b\n',
    'me',
    '/home/me',
  );
  assert.deepEqual(h, {
    alias: 'box',
    hostName: '10.0.0.5',
    user: 'admin',
    port: 2222,
    identityFiles: ['/home/me/.ssh/box'],
    hostKeyAlias: 'box-key',
    userKnownHostsFiles: ['/home/me/.ssh/kh_a', '/etc/kh_b'],
    source: 'ssh-config',
  });
});

test('Match exec never runs a process: it counts as not matching, with a log line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-match-exec-'));
  try {
    const marker = join(dir, 'ran');
    const log: string[] = [];
    const [h] = hostsFromSshConfig(
      `Host box\n  HostName 10.0.0.5\nMatch host 10.0.0.5 exec "touch ${marker}"\n  User pwned\n`,
      'me',
      '/home/me',
      (l) => log.push(l),
    );
    assert.equal(existsSync(marker), false, 'the exec command ran');
    assert.equal(h?.user, 'me');
    assert.deepEqual(log, [
      'ssh config: "Match exec" is treated as not matching; Switchyard never runs commands from ssh config',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CanonicalizeHostname is left out (it would run nslookup), with a log line', () => {
  const log: string[] = [];
  const [h] = hostsFromSshConfig(
    'CanonicalizeHostname yes\nCanonicalDomains example.invalid\nHost box\n  User u\n',
    'me',
    '/home/me',
    (l) => log.push(l),
  );
  assert.equal(h?.hostName, 'box');
  assert.deepEqual(log, [
    'ssh config: CanonicalizeHostname is ignored; Switchyard does not look host names up while reading it',
  ]);
});
