// ssh config Include and ProxyJump as OpenSSH reads them, on files of the test's own (a temp home).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SshConfigError,
  hostsFromSshConfig,
  parseProxyJump,
  readSshConfig,
  resolveSshHost,
} from '@switchyard/hostio';

function home(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-sshinc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('Include: relative to ~/.ssh, globs in lexical order, dotfiles only when written, missing skipped', (t) => {
  const h = home(t, {
    '.ssh/config': 'Include conf.d/*.conf missing.conf\nHost after\n  HostName 10.0.0.9\n',
    '.ssh/conf.d/b.conf': 'Host box-b\n  HostName 10.0.0.2\n',
    '.ssh/conf.d/a.conf': 'Host box-a\n  HostName 10.0.0.1\n  Port 2201\n',
    '.ssh/conf.d/.hidden.conf': 'Host hidden\n  HostName 10.0.0.3\n',
    '.ssh/conf.d/c.txt': 'Host not-conf\n',
  });
  const hosts = hostsFromSshConfig(readSshConfig({ home: h }), 'me', h);
  assert.deepEqual(
    hosts.map((e) => [e.alias, e.hostName, e.port]),
    [
      ['box-a', '10.0.0.1', 2201],
      ['box-b', '10.0.0.2', 22],
      ['after', '10.0.0.9', 22],
    ],
  );
});

test('Include: ~ and absolute paths; lines after an Include stay in their own block', (t) => {
  const h = home(t, {
    '.ssh/config': 'Host web\n  Include ~/extra/web.conf\n  User deploy\nHost db\n  HostName 10.1.0.5\n',
    'extra/web.conf': 'HostName 10.1.0.4\nHost other\n  HostName 10.1.0.6\n',
  });
  const byAlias = new Map(hostsFromSshConfig(readSshConfig({ home: h }), 'me', h).map((e) => [e.alias, e]));
  assert.equal(byAlias.get('web')?.hostName, '10.1.0.4');
  assert.equal(byAlias.get('web')?.user, 'deploy', 'User after the Include is still in Host web');
  assert.equal(byAlias.get('other')?.user, 'me', "web's User does not leak into the included Host other");
  assert.equal(byAlias.get('db')?.hostName, '10.1.0.5');
});

test('Include: a cycle is refused, naming the files; through a symlink too', (t) => {
  const h = home(t, {
    '.ssh/config': 'Include a.conf\n',
    '.ssh/a.conf': 'Include b.conf\n',
    '.ssh/b.conf': 'Include config\n',
  });
  assert.throws(
    () => readSshConfig({ home: h }),
    (e: unknown) =>
      e instanceof SshConfigError &&
      /Include cycle: ~\/\.ssh\/config → ~\/\.ssh\/a\.conf → ~\/\.ssh\/b\.conf → ~\/\.ssh\/config/.test(
        e.message,
      ),
  );
  const h2 = home(t, { '.ssh/config': 'Include link.conf\n', '.ssh/real.conf': 'Include link.conf\n' });
  symlinkSync(join(h2, '.ssh/real.conf'), join(h2, '.ssh/link.conf'));
  assert.throws(() => readSshConfig({ home: h2 }), /Include cycle/);
});

test('Include: nesting is bounded at 16 files; the same file twice (not a cycle) is fine', (t) => {
  const files: Record<string, string> = { '.ssh/config': 'Include n0.conf\n' };
  for (let i = 0; i < 20; i++) files[`.ssh/n${i}.conf`] = `Include n${i + 1}.conf\n`;
  const h = home(t, files);
  assert.throws(() => readSshConfig({ home: h }), /Include nested deeper than 16 files/);
  const h2 = home(t, {
    '.ssh/config': 'Include common.conf\nInclude common.conf\nHost x\n',
    '.ssh/common.conf': 'ServerAliveInterval 30\n',
  });
  assert.deepEqual(
    hostsFromSshConfig(readSshConfig({ home: h2 }), 'me', h2).map((e) => e.alias),
    ['x'],
  );
});

test('Include: a glob that matches thousands of files stops at the file budget', (t) => {
  const files: Record<string, string> = { '.ssh/config': 'Include many/*\n' };
  for (let i = 0; i < 300; i++) files[`.ssh/many/f${String(i).padStart(3, '0')}`] = `Host h${i}\n`;
  const h = home(t, files);
  assert.throws(() => readSshConfig({ home: h }), /Include many\/\* matches more than 256 paths/);
});

test('Include: a file past 4 MiB is refused unread; /*/*/* stops at the path budget', (t) => {
  const h = home(t, { '.ssh/config': 'Include big.conf\n', '.ssh/big.conf': '#'.repeat(5 * 1024 * 1024) });
  assert.throws(() => readSshConfig({ home: h }), /big\.conf is larger than 4194304 bytes/);
  const h2 = home(t, { '.ssh/config': 'Include /*/*/*\n' });
  assert.throws(() => readSshConfig({ home: h2 }), /Include \/\*\/\*\/\* matches more than 256 paths/);
});

test('no ~/.ssh/config is an empty config', (t) => {
  assert.equal(readSshConfig({ home: home(t, {}) }), '');
});

test('ProxyJump: each jump resolved through the config, its own user and port kept', () => {
  const text = [
    'Host target',
    '  HostName 10.2.0.2',
    '  ProxyJump bastion,ops@inner:2222',
    'Host bastion',
    '  HostName 192.0.2.1',
    '  User jumper',
    '  HostKeyAlias bastion-key',
    'Host inner',
    '  HostName 10.2.0.1',
    '  User nobody',
  ].join('\n');
  const e = resolveSshHost(text, 'target', 'me', '/h');
  assert.deepEqual(
    e.jumps?.map((j) => [j.alias, j.hostName, j.user, j.port, j.hostKeyAlias]),
    [
      ['bastion', '192.0.2.1', 'jumper', 22, 'bastion-key'],
      ['inner', '10.2.0.1', 'ops', 2222, undefined],
    ],
  );
  assert.equal(resolveSshHost('Host x\n  ProxyJump none\n', 'x', 'me', '/h').jumps, undefined);
  // A name that no Host line lists still gets what the wildcard blocks say, as `ssh NAME` would.
  const wild = resolveSshHost('Host *.corp\n  ProxyJump gw.corp\n', 'db.corp', 'me', '/h');
  assert.deepEqual(
    wild.jumps?.map((j) => j.hostName),
    ['gw.corp'],
    "the jump's own ProxyJump (gw.corp matches *.corp) is not followed",
  );
});

test('ProxyJump: ssh:// URIs and IPv6; a bad jump is refused, and only that host is left out', () => {
  assert.deepEqual(parseProxyJump('ssh://u@[fd00::1]:2200,h2', 't'), [
    { host: 'fd00::1', user: 'u', port: 2200 },
    { host: 'h2' },
  ]);
  assert.throws(() => parseProxyJump('a b', 't'), /ProxyJump of t: "a b" is not \[user@\]host\[:port\]/);
  assert.throws(() => parseProxyJump('h:99999', 't'), SshConfigError);
  const lines: string[] = [];
  const hosts = hostsFromSshConfig('Host bad\n  ProxyJump h:0x\nHost good\n', 'me', '/h', (l) =>
    lines.push(l),
  );
  assert.deepEqual(
    hosts.map((e) => e.alias),
    ['good'],
  );
  assert.match(lines.join('\n'), /host bad left out/);
});
