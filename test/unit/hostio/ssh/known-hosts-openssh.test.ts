import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  knownHostsFiles,
  knownHostsLine,
  knownHostsName,
  namesMatch,
  parseKnownHosts,
  verifyHostKey,
} from '@switchyard/hostio';

const KEY = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIKnownKeyKnownKeyKnownKeyKnownKey', 'base64');
const OTHER = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIOtherKeyOtherKeyOtherKeyOtherKey', 'base64');
const b64 = (k: Buffer) => k.toString('base64');

test('a negated pattern rules its line out: *.corp.example,!evil.corp.example does not vouch for evil', () => {
  const lines = parseKnownHosts(`*.corp.example,!evil.corp.example ssh-ed25519 ${b64(KEY)}\n`);
  assert.deepEqual(verifyHostKey(lines, 'good.corp.example', KEY), { kind: 'known' });
  assert.equal(verifyHostKey(lines, 'evil.corp.example', KEY).kind, 'unknown');
  assert.equal(namesMatch(['!a', 'b'], 'b'), true);
  assert.equal(namesMatch(['!b'], 'b'), false);
  assert.equal(namesMatch(['!c'], 'b'), false, 'only negations: no positive match');
});

test('host names compare case-insensitively, as OpenSSH lowercases them', () => {
  const lines = parseKnownHosts(`Box.Example ssh-ed25519 ${b64(KEY)}\n`);
  assert.deepEqual(verifyHostKey(lines, knownHostsName('BOX.example', 22), KEY), { kind: 'known' });
});

test('@revoked refuses the key; @cert-authority alone is refused rather than offered for trust', () => {
  const revoked = parseKnownHosts(`@revoked * ssh-ed25519 ${b64(KEY)}\nbox ssh-ed25519 ${b64(KEY)}\n`);
  assert.equal(verifyHostKey(revoked, 'box', KEY).kind, 'changed');
  const ca = parseKnownHosts(`@cert-authority *.corp.example ssh-ed25519 ${b64(OTHER)}\n`);
  assert.equal(verifyHostKey(ca, 'box.corp.example', KEY).kind, 'cert-authority');
  assert.equal(verifyHostKey(ca, 'elsewhere', KEY).kind, 'unknown');
});

test('HostKeyAlias replaces the name and the port', () => {
  assert.equal(knownHostsName('10.0.0.5', 2222), '[10.0.0.5]:2222');
  assert.equal(knownHostsName('10.0.0.5', 2222, 'Box-Key'), 'box-key');
});

test('new entries are written hashed, and the hashed line is found again', () => {
  const salt = Buffer.alloc(20, 7);
  const line = knownHostsLine('[10.0.0.5]:2222', 'ssh-ed25519', KEY, salt);
  const hash = createHmac('sha1', salt).update('[10.0.0.5]:2222').digest('base64');
  assert.equal(line, `|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${b64(KEY)}\n`);
  assert.doesNotMatch(line, /10\.0\.0\.5/);
  assert.deepEqual(verifyHostKey(parseKnownHosts(line), '[10.0.0.5]:2222', KEY), { kind: 'known' });
});

test('known_hosts files: UserKnownHostsFile (or the defaults), then the system files', () => {
  assert.deepEqual(knownHostsFiles('/home/me'), {
    user: ['/home/me/.ssh/known_hosts', '/home/me/.ssh/known_hosts2'],
    system: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
  });
  assert.deepEqual(knownHostsFiles('/home/me', ['~/kh']).user, ['/home/me/kh']);
});
