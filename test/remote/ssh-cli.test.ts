// `switchyard lint --docker-host ssh://…` (the built dist/cli.js) against Debian's sshd in throwaway namespaces:
// host keys are checked against known_hosts and never trusted on first use; ~/.ssh/config (a temp HOME of the
// test's own) is read with Include; ProxyJump goes through a second sshd to a target the client cannot reach
// directly, for the CLI and for the extension's SSH transport alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetns, createVethPair } from '../support/netns';
import type { Netns } from '../support/netns';
import { startSshd } from '../support/sshd';
import type { Sshd } from '../support/sshd';
import { run } from '../support/proc';
import { firstMissing, isRoot, requireOrSkip, which } from '../support/env';
import type { SkippableContext } from '../support/env';
import { dockerClient, dockerReachable, dockerSocketPath } from '../support/docker';
import { stepsOf } from './steps';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const scenario = join(__dirname, 'scenarios', 'ssh-client.ts');

interface Home {
  dir: string;
  /** Writes a file under the home (`.ssh/config`, `.ssh/known_hosts`, …), folders made as needed. */
  write(path: string, text: string): void;
  /** Copies an sshd's client key in as `~/.ssh/<name>` (mode 0600). */
  key(sshd: Sshd, name: string): void;
}

function makeHome(t: { after(fn: () => void): void }): Home {
  const dir = mkdtempSync(join(tmpdir(), 'sy-cli-home-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '.ssh'), { mode: 0o700 });
  return {
    dir,
    write(path, text) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text, { mode: 0o600 });
    },
    key(sshd, name) {
      copyFileSync(sshd.privateKeyPath, join(dir, '.ssh', name));
      chmodSync(join(dir, '.ssh', name), 0o600);
    },
  };
}

/**
 * A compose project whose network takes the Docker bridge's subnet: only a lint that really read Docker
 * (over SSH) reports HOST001 for it.
 */
async function clashingProject(t: {
  after(fn: () => void): void;
}): Promise<{ file: string; subnet: string }> {
  const nets = (await dockerClient().listNetworks()) as {
    Name: string;
    IPAM?: { Config?: { Subnet?: string }[] };
  }[];
  const subnet = nets.find((n) => n.Name === 'bridge')?.IPAM?.Config?.find((c) => c.Subnet)?.Subnet;
  assert.ok(subnet, "the Docker bridge network's subnet");
  const dir = mkdtempSync(join(tmpdir(), 'sy-cli-proj-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'compose.yaml');
  writeFileSync(
    file,
    [
      'services:',
      '  web:',
      '    image: switchyard/busybox:local',
      '    networks: [clash]',
      'networks:',
      '  clash:',
      '    ipam:',
      '      config:',
      `        - subnet: ${subnet}`,
      '',
    ].join('\n'),
  );
  return { file, subnet };
}

/**
 * Runs the built CLI inside `ns` with HOME set to the test's home and no ssh-agent; `wrap` goes before it
 * (a private mount namespace for the system's known_hosts file).
 */
async function lint(ns: Netns, home: Home, url: string, file: string, wrap: string[] = []) {
  const r = await ns.exec(
    [
      ...wrap,
      'env',
      '-u',
      'SSH_AUTH_SOCK',
      `HOME=${home.dir}`,
      process.execPath,
      cli,
      'lint',
      '--format',
      'json',
      '--docker-host',
      url,
      file,
    ],
    { timeoutMs: 60_000 },
  );
  const findings = r.code === 2 ? [] : (JSON.parse(r.stdout || '[]') as { code: string; message: string }[]);
  return { ...r, findings, detail: `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}` };
}

async function fingerprintOf(sshd: Sshd): Promise<string> {
  const r = await run(['ssh-keygen', '-l', '-E', 'sha256', '-f', `${sshd.dir}/host_key.pub`]);
  const fp = /SHA256:\S+/.exec(r.stdout)?.[0];
  assert.ok(fp, r.stdout);
  return fp;
}

/** Root, sshd, the built CLI and a dockerd; false (skipped, or failed under CI) when one is missing. */
async function ready(t: SkippableContext): Promise<boolean> {
  const missing = firstMissing([
    [isRoot(), 'needs root to create namespaces'],
    [which('sshd') !== undefined, 'needs openssh-server (apt-get install openssh-server)'],
    [existsSync(cli), 'needs the built CLI (npm run build)'],
    [await dockerReachable(), 'needs a running dockerd (scripts/ci/services.sh start)'],
  ]);
  return requireOrSkip(t, missing === undefined, missing ?? '');
}

/** OpenSSH's own client, for comparison: key login, only the given known_hosts file, never asking. */
async function opensshLogin(ns: Netns, sshd: Sshd, knownHostsFile: string) {
  return ns.exec(
    [
      'ssh',
      '-F',
      '/dev/null',
      '-o',
      `UserKnownHostsFile=${knownHostsFile}`,
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'IdentitiesOnly=yes',
      '-i',
      sshd.privateKeyPath,
      'root@127.0.0.1',
      'true',
    ],
    { timeoutMs: 30_000 },
  );
}

test('switchyard lint --docker-host ssh://: known_hosts decides, Include resolves aliases', async (t) => {
  if (!(await ready(t))) return;
  const ns = await createNetns('sy-cli');
  t.after(() => ns.delete());
  // The host key is also certified by a CA of the test's (sshd's HostCertificate), for @cert-authority.
  const caDir = mkdtempSync(join(tmpdir(), 'sy-hostca-'));
  t.after(() => rmSync(caDir, { recursive: true, force: true }));
  await run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'sy-host-ca', '-f', join(caDir, 'ca')]);
  const caPublic = readFileSync(join(caDir, 'ca.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const sshd = await startSshd({
    ns,
    hostCertificate: { caKeyPath: join(caDir, 'ca'), principals: ['127.0.0.1'] },
  });
  t.after(() => sshd.stop());
  const project = await clashingProject(t);
  const socket = dockerSocketPath() ?? '/var/run/docker.sock';
  const url = `ssh://root@127.0.0.1:${sshd.port}${socket}`;

  await t.test(
    'a known host is accepted and its Docker read: the clash with its bridge is reported',
    async (tt) => {
      const home = makeHome(tt);
      home.key(sshd, 'id_ed25519');
      home.write('.ssh/known_hosts', `${sshd.knownHostsLine}\n`);
      const r = await lint(ns, home, url, project.file);
      assert.equal(r.code, 1, r.detail);
      assert.ok(
        r.findings.some((f) => f.code === 'HOST001' && f.message.includes('bridge')),
        r.detail,
      );
      assert.match(sshd.process.output(), /Accepted publickey for root/);
    },
  );

  await t.test(
    'an unknown host is refused, with its fingerprint, the files read and what to do',
    async (tt) => {
      const home = makeHome(tt);
      home.key(sshd, 'id_ed25519');
      const r = await lint(ns, home, url, project.file);
      assert.equal(r.code, 2, r.detail);
      assert.ok(r.stderr.includes(await fingerprintOf(sshd)), r.detail);
      assert.match(r.stderr, /is not in known_hosts for 127\.0\.0\.1/);
      assert.ok(r.stderr.includes(join(home.dir, '.ssh', 'known_hosts')), r.detail);
      assert.match(r.stderr, /never trusts a host key on first use/);
      assert.match(r.stderr, /run `ssh root@127\.0\.0\.1` once/);
      assert.equal(existsSync(join(home.dir, '.ssh', 'known_hosts')), false, 'nothing was written');
    },
  );

  await t.test('a changed key is refused, naming the file that holds the old one', async (tt) => {
    const home = makeHome(tt);
    home.key(sshd, 'id_ed25519');
    const other = mkdtempSync(join(tmpdir(), 'sy-otherkey-'));
    tt.after(() => rmSync(other, { recursive: true, force: true }));
    await run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', join(other, 'k')]);
    const otherKey = (await run(['cat', join(other, 'k.pub')])).stdout
      .trim()
      .split(' ')
      .slice(0, 2)
      .join(' ');
    home.write('.ssh/known_hosts', `127.0.0.1 ${otherKey}\n`);
    const accepted = () => sshd.process.output().split('Accepted publickey').length;
    const before = accepted();
    const r = await lint(ns, home, url, project.file);
    assert.equal(r.code, 2, r.detail);
    assert.match(r.stderr, /has CHANGED: it presents SHA256:/);
    assert.ok(r.stderr.includes(`${join(home.dir, '.ssh', 'known_hosts')} has SHA256:`), r.detail);
    assert.match(r.stderr, /ssh-keygen -R '127\.0\.0\.1'/);
    assert.equal(accepted(), before, 'refused before any login');
  });

  await t.test('a host alias from an Include of ~/.ssh/config (HostName, User, IdentityFile)', async (tt) => {
    const home = makeHome(tt);
    home.key(sshd, 'lab_key');
    home.write('.ssh/config', 'Include conf.d/*.conf\n');
    home.write(
      '.ssh/conf.d/lab.conf',
      ['Host lab-docker', '  HostName 127.0.0.1', '  User root', '  IdentityFile ~/.ssh/lab_key', ''].join(
        '\n',
      ),
    );
    home.write('.ssh/known_hosts', `${sshd.knownHostsLine}\n`);
    const r = await lint(ns, home, `ssh://lab-docker${socket}`, project.file);
    assert.equal(r.code, 1, r.detail);
    assert.ok(
      r.findings.some((f) => f.code === 'HOST001'),
      r.detail,
    );
  });

  await t.test('an Include cycle is refused before anything connects', async (tt) => {
    const home = makeHome(tt);
    home.write('.ssh/config', 'Include loop.conf\n');
    home.write('.ssh/loop.conf', 'Include config\n');
    const r = await lint(ns, home, 'ssh://lab-docker', project.file);
    assert.equal(r.code, 2, r.detail);
    assert.match(r.stderr, /Include cycle: ~\/\.ssh\/config → ~\/\.ssh\/loop\.conf → ~\/\.ssh\/config/);
  });

  // "SSH as ssh does it" (issue 12): each behaviour of ~/.ssh/config and known_hosts against this sshd.
  const hostHome = (tt: { after(fn: () => void): void }, known: string) => {
    const home = makeHome(tt);
    home.key(sshd, 'id_ed25519');
    home.write('.ssh/known_hosts', known);
    return home;
  };
  const readDocker = (r: Awaited<ReturnType<typeof lint>>) => {
    assert.equal(r.code, 1, r.detail);
    assert.ok(
      r.findings.some((f) => f.code === 'HOST001'),
      r.detail,
    );
  };
  const accepted = () => sshd.process.output().split('Accepted publickey').length;
  /** `Host lab` → this sshd as root with the home's key, plus the given keyword lines. */
  const labConfig = (...extra: string[]) =>
    [
      'Host lab',
      '  HostName 127.0.0.1',
      '  User root',
      '  IdentityFile ~/.ssh/id_ed25519',
      ...extra.map((l) => `  ${l}`),
      '',
    ].join('\n');

  await t.test('ssh config keywords in any case: hostname, user, identityfile, port', async (tt) => {
    const home = hostHome(tt, `${sshd.knownHostsLine}\n`);
    home.write(
      '.ssh/config',
      [
        'host lab',
        '  hostname 127.0.0.1',
        '  user root',
        '  identityfile ~/.ssh/id_ed25519',
        '  port 22',
        '',
      ].join('\n'),
    );
    readDocker(await lint(ns, home, `ssh://lab${socket}`, project.file));
  });

  await t.test(
    'Match exec is never run: its block counts as not matching, and stderr says so',
    async (tt) => {
      const home = hostHome(tt, `${sshd.knownHostsLine}\n`);
      const marker = join(home.dir, 'match-exec-ran');
      // Were the exec run (OpenSSH would, and `touch` succeeds), HostName would be an address nobody answers.
      home.write(
        '.ssh/config',
        [
          `Match exec "touch ${marker}"`,
          '  HostName 192.0.2.1',
          'Host lab',
          '  HostName 127.0.0.1',
          '  User root',
          '  IdentityFile ~/.ssh/id_ed25519',
          '',
        ].join('\n'),
      );
      const r = await lint(ns, home, `ssh://lab${socket}`, project.file);
      readDocker(r);
      assert.equal(existsSync(marker), false, 'the Match exec command was not run');
      assert.match(r.stderr, /"Match exec" is treated as not matching; Switchyard never runs commands/);
    },
  );

  await t.test('a !negated known_hosts pattern rules its line out for that name only', async (tt) => {
    const negated = hostHome(tt, `*,!127.0.0.1 ${sshd.hostPublicKey}\n`);
    const before = accepted();
    const r = await lint(ns, negated, url, project.file);
    assert.equal(r.code, 2, r.detail);
    assert.match(r.stderr, /is not in known_hosts for 127\.0\.0\.1/);
    assert.equal(accepted(), before, 'refused before any login');
    const other = hostHome(tt, `127.0.0.*,!127.0.0.2 ${sshd.hostPublicKey}\n`);
    readDocker(await lint(ns, other, url, project.file));
  });

  await t.test('@revoked refuses the key even beside a line that trusts it', async (tt) => {
    const home = hostHome(tt, `${sshd.knownHostsLine}\n@revoked * ${sshd.hostPublicKey}\n`);
    const before = accepted();
    const r = await lint(ns, home, url, project.file);
    assert.equal(r.code, 2, r.detail);
    assert.ok(
      r.stderr.includes(`for 127.0.0.1 is marked @revoked in ${join(home.dir, '.ssh', 'known_hosts')}`),
      r.detail,
    );
    assert.equal(accepted(), before, 'refused before any login');
  });

  await t.test(
    '@cert-authority: OpenSSH accepts the host certificate; switchyard refuses, saying it does not check certificates',
    async (tt) => {
      const home = hostHome(tt, `@cert-authority 127.0.0.1 ${caPublic}\n`);
      const known = join(home.dir, '.ssh', 'known_hosts');
      // The certificate is real: OpenSSH's client, with nothing but the CA line, logs in.
      const ssh = await opensshLogin(ns, sshd, known);
      assert.equal(ssh.code, 0, `OpenSSH with the CA line: ${ssh.stderr}`);
      const r = await lint(ns, home, url, project.file);
      assert.equal(r.code, 2, r.detail);
      assert.match(
        r.stderr,
        /known_hosts trusts a certificate authority for 127\.0\.0\.1, and switchyard lint does not check host certificates; refused/,
      );
      assert.ok(r.stderr.includes(await fingerprintOf(sshd)), 'names the plain key to add instead');
      // With the plain key recorded beside the CA line, it connects.
      home.write('.ssh/known_hosts', `@cert-authority 127.0.0.1 ${caPublic}\n${sshd.knownHostsLine}\n`);
      readDocker(await lint(ns, home, url, project.file));
    },
  );

  await t.test('the system file /etc/ssh/ssh_known_hosts, and GlobalKnownHostsFile', async (tt) => {
    const home = hostHome(tt, '');
    const global = join(home.dir, 'global_known_hosts');
    home.write('global_known_hosts', `${sshd.knownHostsLine}\n`);
    // Only this process sees the file at /etc/ssh/ssh_known_hosts: a tmpfs over /etc/ssh in a private
    // mount namespace (the machine's own /etc/ssh is untouched).
    const etc = [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      'mount -t tmpfs sy-etc-ssh /etc/ssh && cp "$0" /etc/ssh/ssh_known_hosts && shift && exec "$@"',
      global,
      'sh',
    ];
    readDocker(await lint(ns, home, url, project.file, etc));
    // Without it the key is unknown (the machine's own file does not list this sshd's key).
    const r = await lint(ns, home, url, project.file);
    assert.equal(r.code, 2, r.detail);
    assert.ok(r.stderr.includes('/etc/ssh/ssh_known_hosts'), r.detail);
    home.write('.ssh/config', labConfig(`GlobalKnownHostsFile ${global}`));
    readDocker(await lint(ns, home, `ssh://lab${socket}`, project.file));
  });

  await t.test('UserKnownHostsFile replaces ~/.ssh/known_hosts (several files, ~ expanded)', async (tt) => {
    // ~/.ssh/known_hosts holds a wrong key for 127.0.0.1: read, it would refuse the host as CHANGED.
    const home = hostHome(tt, `127.0.0.1 ${caPublic}\n`);
    home.write('kh/first', '');
    home.write('kh/second', `${sshd.knownHostsLine}\n`);
    home.write('.ssh/config', labConfig('UserKnownHostsFile ~/kh/first ~/kh/second'));
    readDocker(await lint(ns, home, `ssh://lab${socket}`, project.file));
    const plain = await lint(ns, home, url, project.file);
    assert.equal(plain.code, 2, plain.detail);
    assert.match(plain.stderr, /has CHANGED/, 'without the config, ~/.ssh/known_hosts is read');
  });

  await t.test('HostKeyAlias: the key is looked up under the alias, not the address', async (tt) => {
    const config = labConfig('HostKeyAlias Lab-Key');
    const home = hostHome(tt, `lab-key ${sshd.hostPublicKey}\n`);
    home.write('.ssh/config', config);
    readDocker(await lint(ns, home, `ssh://lab${socket}`, project.file));
    const byAddress = hostHome(tt, `${sshd.knownHostsLine}\n`);
    byAddress.write('.ssh/config', config);
    const r = await lint(ns, byAddress, `ssh://lab${socket}`, project.file);
    assert.equal(r.code, 2, r.detail);
    assert.match(r.stderr, /is not in known_hosts for lab-key/);
  });

  await t.test(
    "a key the user trusts is written hashed, and OpenSSH's ssh and switchyard lint both accept it",
    async (tt) => {
      const home = hostHome(tt, '');
      const file = join(home.dir, '.ssh', 'known_hosts');
      rmSync(file);
      const r = await ns.exec(
        [
          process.execPath,
          '--import',
          'tsx',
          scenario,
          JSON.stringify({
            host: '127.0.0.1',
            port: 22,
            privateKeyPath: sshd.privateKeyPath,
            knownHosts: '',
            remember: file,
            dockerSocket: socket,
            steps: ['exec'],
          }),
        ],
        { timeoutMs: 60_000 },
      );
      const by = stepsOf(r.stdout);
      assert.equal(by.get('connect')?.['ok'], true, `${r.stdout}\n${r.stderr}`);
      const written = readFileSync(file, 'utf8');
      assert.match(written, /^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 \S+\n$/);
      assert.ok(!written.includes('127.0.0.1'), 'the name is hashed');
      assert.ok(written.includes(sshd.hostPublicKey.split(' ')[1] as string));
      const found = await run(['ssh-keygen', '-F', '127.0.0.1', '-f', file]);
      assert.equal(found.code, 0, `ssh-keygen -F finds it: ${found.stdout}${found.stderr}`);
      const ssh = await opensshLogin(ns, sshd, file);
      assert.equal(ssh.code, 0, `OpenSSH with the written line: ${ssh.stderr}`);
      readDocker(await lint(ns, home, url, project.file));
    },
  );
});

test('ProxyJump: through a second sshd to a target the client cannot reach directly', async (t) => {
  if (!(await ready(t))) return;
  // client ── 10.251.1.0/24 ── bastion ── 10.251.2.0/24 ── target; the bastion does not route between them.
  const client = await createNetns('sy-pjc');
  t.after(() => client.delete());
  const bastionNs = await createNetns('sy-pjb');
  t.after(() => bastionNs.delete());
  const targetNs = await createNetns('sy-pjt');
  t.after(() => targetNs.delete());
  await createVethPair({ ns: client, address: '10.251.1.1/24' }, { ns: bastionNs, address: '10.251.1.2/24' });
  await createVethPair(
    { ns: bastionNs, address: '10.251.2.1/24' },
    { ns: targetNs, address: '10.251.2.2/24' },
  );
  await bastionNs.execOk(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=0']);
  const bastion = await startSshd({ ns: bastionNs });
  t.after(() => bastion.stop());
  const target = await startSshd({ ns: targetNs });
  t.after(() => target.stop());
  const project = await clashingProject(t);
  const socket = dockerSocketPath() ?? '/var/run/docker.sock';
  const bastionKnown = `10.251.1.2 ${bastion.hostPublicKey}\n`;
  const targetKnown = `10.251.2.2 ${target.hostPublicKey}\n`;
  const config = 'Include lab/*\n';
  const lab = [
    'Host target',
    '  HostName 10.251.2.2',
    '  User root',
    '  IdentityFile ~/.ssh/id_target',
    '  ProxyJump bastion',
    'Host bastion',
    '  HostName 10.251.1.2',
    '  User root',
    '  IdentityFile ~/.ssh/id_bastion',
    '',
  ].join('\n');
  const homeWith = (tt: { after(fn: () => void): void }, known: string) => {
    const home = makeHome(tt);
    home.key(bastion, 'id_bastion');
    home.key(target, 'id_target');
    home.write('.ssh/config', config);
    home.write('.ssh/lab/hosts', lab);
    home.write('.ssh/known_hosts', known);
    return home;
  };

  await t.test('without the jump the target is unreachable from the client', async (tt) => {
    const home = homeWith(tt, bastionKnown + targetKnown);
    const r = await lint(client, home, `ssh://root@10.251.2.2${socket}`, project.file);
    assert.equal(r.code, 2, r.detail);
    assert.match(r.stderr, /cannot connect over SSH: .*(ENETUNREACH|EHOSTUNREACH|unreachable)/i);
  });

  await t.test(
    'the CLI goes through the bastion, checks both keys, and reads the target Docker',
    async (tt) => {
      const home = homeWith(tt, bastionKnown + targetKnown);
      const r = await lint(client, home, `ssh://target${socket}`, project.file);
      assert.equal(r.code, 1, r.detail);
      assert.ok(
        r.findings.some((f) => f.code === 'HOST001'),
        r.detail,
      );
      assert.match(bastion.process.output(), /Accepted publickey for root from 10\.251\.1\.1/);
      // The target sees the connection come from the bastion, not from the client.
      assert.match(target.process.output(), /Accepted publickey for root from 10\.251\.2\.1/);
    },
  );

  await t.test("the jump host's own key is checked: unknown there is refused by name", async (tt) => {
    const home = homeWith(tt, targetKnown);
    const r = await lint(client, home, `ssh://target${socket}`, project.file);
    assert.equal(r.code, 2, r.detail);
    assert.match(
      r.stderr,
      /the jump host bastion's key \(SHA256:\S+\) is not in known_hosts for 10\.251\.1\.2/,
    );
    assert.ok(r.stderr.includes(await fingerprintOf(bastion)), r.detail);
    assert.match(r.stderr, /run `ssh root@bastion` once/, 'the alias, so ssh records the key under its name');
  });

  await t.test('a jump host that refuses the login is named as the one that refused', async (tt) => {
    const home = homeWith(tt, bastionKnown + targetKnown);
    rmSync(join(home.dir, '.ssh', 'id_bastion'));
    const r = await lint(client, home, `ssh://target${socket}`, project.file);
    assert.equal(r.code, 2, r.detail);
    assert.match(r.stderr, /jump host root@10\.251\.1\.2 refused the login/);
  });

  await t.test("and the target's key behind the jump: changed is refused", async (tt) => {
    const home = homeWith(tt, `${bastionKnown}10.251.2.2 ${bastion.hostPublicKey}\n`);
    const r = await lint(client, home, `ssh://target${socket}`, project.file);
    assert.equal(r.code, 2, r.detail);
    assert.match(r.stderr, /the host's key for 10\.251\.2\.2 has CHANGED/);
  });

  await t.test("the extension's SSH transport goes through the same jump to Docker", async () => {
    const r = await client.exec(
      [
        process.execPath,
        '--import',
        'tsx',
        scenario,
        JSON.stringify({
          host: '10.251.2.2',
          port: 22,
          privateKeyPath: target.privateKeyPath,
          knownHosts: targetKnown,
          dockerSocket: socket,
          steps: ['exec', 'docker'],
          jump: {
            host: '10.251.1.2',
            port: 22,
            privateKeyPath: bastion.privateKeyPath,
            knownHosts: bastionKnown,
          },
        }),
      ],
      { timeoutMs: 60_000 },
    );
    const by = stepsOf(r.stdout);
    const detail = `${r.stdout}\n${r.stderr}`;
    assert.equal(by.get('connect')?.['ok'], true, detail);
    assert.equal((by.get('connect')?.['jumpVerdict'] as { kind: string }).kind, 'known');
    assert.equal((by.get('exec') as { stdout: string }).stdout, "hello world it's\n");
    const docker = by.get('docker') as { ok: boolean; names?: string[] };
    assert.ok(docker.ok && docker.names?.includes('bridge'), detail);
  });
});
