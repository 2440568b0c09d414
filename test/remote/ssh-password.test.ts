// Password logins and sudo with a password, against real pieces: Debian's sshd in a throwaway namespace lets a
// throwaway account (made here, removed after) log in with its password; a sudoers drop-in (added here, removed
// after) makes sudo ask that account for its password. The client side runs in the same namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetns, listNetns } from '../support/netns';
import type { Netns } from '../support/netns';
import { startSshd } from '../support/sshd';
import type { Sshd } from '../support/sshd';
import { run } from '../support/proc';
import { firstMissing, isRoot, requireOrSkip, which } from '../support/env';
import { addSudoers, createTestUser } from '../support/user';
import { stepsOf } from './steps';
import type { TestUser } from '../support/user';

const scenario = join(__dirname, 'scenarios', 'ssh-password.ts');
const bundle = join(__dirname, '..', '..', 'dist', 'engine.js');

interface Secrets {
  prompts: { kind: string; subject: string; refused: boolean }[];
  stored: Record<string, string>;
}

async function drive(ns: Netns, sshd: Sshd, input: Record<string, unknown>) {
  const r = await ns.exec([process.execPath, '--import', 'tsx', scenario], {
    input: JSON.stringify({
      host: '127.0.0.1',
      port: sshd.port,
      knownHosts: `${sshd.knownHostsLine}\n`,
      stored: {},
      answers: {},
      ...input,
    }),
    timeoutMs: 90_000,
  });
  const out = stepsOf(r.stdout);
  const detail = `${r.stdout}\n${r.stderr}`;
  assert.ok(out.has('secrets'), `the scenario did not finish:\n${detail}`);
  return {
    login: out.get('login') ?? {},
    engine: out.get('engine'),
    attach: out.get('attach'),
    secrets: out.get('secrets') as unknown as Secrets,
    detail,
  };
}

test('SSH password login and sudo with a password', async (t) => {
  const missing = firstMissing([
    [isRoot(), 'needs root to create namespaces and a throwaway account'],
    [which('sshd') !== undefined, 'needs openssh-server (apt-get install openssh-server)'],
    [which('sudo') !== undefined, 'needs sudo (apt-get install sudo; scripts/ci/packages.sh lists it)'],
    [
      which('useradd') !== undefined && which('chpasswd') !== undefined,
      'needs useradd and chpasswd (passwd)',
    ],
  ]);
  if (!requireOrSkip(t, missing === undefined, missing ?? '')) return;
  const user: TestUser = await createTestUser('sypw');
  t.after(() => user.remove());
  const ns = await createNetns('sy-pw');
  t.after(() => ns.delete());
  // sshd takes the first value it reads, so password logins are switched on in a Match block for our account only.
  const sshd = await startSshd({ ns, config: [`Match User ${user.name}`, '  PasswordAuthentication yes'] });
  t.after(() => sshd.stop());
  const passwordKey = `switchyard.password:${user.name}@127.0.0.1:${sshd.port}`;
  const sudoKey = `switchyard.sudo:${user.name}@127.0.0.1:${sshd.port}`;

  await t.test('without a key, the password is asked, logs in, and is kept in the secret store', async () => {
    const r = await drive(ns, sshd, { user: user.name, answers: { 'ssh-password': [user.password] } });
    assert.equal(r.login['ok'], true, r.detail);
    assert.equal(r.login['user'], user.name);
    assert.deepEqual(r.secrets.prompts, [
      { kind: 'ssh-password', subject: `${user.name}@127.0.0.1:${sshd.port}`, refused: false },
    ]);
    assert.equal(r.secrets.stored[passwordKey], user.password);
    assert.match(sshd.process.output(), new RegExp(`Accepted password for ${user.name} `));
  });

  await t.test('a saved password logs in without asking', async () => {
    const r = await drive(ns, sshd, { user: user.name, stored: { [passwordKey]: user.password } });
    assert.equal(r.login['ok'], true, r.detail);
    assert.deepEqual(r.secrets.prompts, []);
  });

  await t.test('a wrong password is refused clearly and forgotten; giving up ends the login', async () => {
    const r = await drive(ns, sshd, {
      user: user.name,
      stored: { [passwordKey]: 'not-the-password' },
      answers: { 'ssh-password': ['also-wrong', null] },
    });
    assert.equal(r.login['ok'], false, r.detail);
    assert.match(String(r.login['error']), /SSH password for .* was refused/);
    assert.deepEqual(
      r.secrets.prompts.map((p) => p.refused),
      [true, true],
      'each prompt after a refusal says so',
    );
    assert.equal(passwordKey in r.secrets.stored, false, 'the refused password is no longer stored');
  });

  await t.test('after a wrong password the user retries with the right one', async () => {
    const r = await drive(ns, sshd, {
      user: user.name,
      answers: { 'ssh-password': ['wrong-once', user.password] },
    });
    assert.equal(r.login['ok'], true, r.detail);
    assert.deepEqual(
      r.secrets.prompts.map((p) => p.refused),
      [false, true],
    );
    assert.equal(r.secrets.stored[passwordKey], user.password);
  });

  await t.test('three wrong passwords end the login with a clear message', async () => {
    const r = await drive(ns, sshd, { user: user.name, answers: { 'ssh-password': ['a1', 'b2', 'c3'] } });
    assert.equal(r.login['ok'], false, r.detail);
    assert.match(String(r.login['error']), /was refused 3 times .*check it and try again/);
    assert.equal(passwordKey in r.secrets.stored, false);
  });

  await t.test('a server that takes no password for the account says so, without asking', async () => {
    // root may only use keys here (PermitRootLogin prohibit-password); no key is offered.
    const r = await drive(ns, sshd, { user: 'root', answers: { 'ssh-password': ['anything'] } });
    assert.equal(r.login['ok'], false, r.detail);
    assert.equal(r.login['kind'], 'SshAuthError');
    assert.match(String(r.login['error']), /takes no password \(it offers: publickey\)/);
    assert.deepEqual(r.secrets.prompts, []);
  });

  await t.test('a key that works is used before any password', async () => {
    const r = await drive(ns, sshd, { user: 'root', privateKeyPath: sshd.privateKeyPath });
    assert.equal(r.login['ok'], true, r.detail);
    assert.deepEqual(r.secrets.prompts, []);
  });

  await t.test('through PAM, the password answers keyboard-interactive', async (tt) => {
    // Many servers take passwords only as keyboard-interactive (UsePAM yes, PasswordAuthentication no).
    const pam = await startSshd({
      ns,
      port: 2222,
      usePam: true,
      config: [`Match User ${user.name}`, '  KbdInteractiveAuthentication yes'],
    });
    tt.after(() => pam.stop());
    const pamKey = `switchyard.password:${user.name}@127.0.0.1:${pam.port}`;
    const wrong = await drive(ns, pam, { user: user.name, answers: { 'ssh-password': ['nope', null] } });
    assert.equal(wrong.login['ok'], false, wrong.detail);
    assert.match(String(wrong.login['error']), /SSH password for .* was refused/);
    assert.deepEqual(
      wrong.secrets.prompts.map((p) => [p.kind, p.refused]),
      [
        ['ssh-password', false],
        ['ssh-password', true],
      ],
      'PAM\'s "Password:" prompt is answered with the SSH password, never asked as a prompt of its own',
    );
    const right = await drive(ns, pam, { user: user.name, answers: { 'ssh-password': [user.password] } });
    assert.equal(right.login['ok'], true, right.detail);
    assert.equal(right.login['user'], user.name);
    assert.equal(right.secrets.stored[pamKey], user.password);
    assert.match(pam.process.output(), new RegExp(`Accepted keyboard-interactive/pam for ${user.name} `));
  });

  await t.test('key and password both required (AuthenticationMethods publickey,password)', async (tt) => {
    const both = await startSshd({
      ns,
      port: 2223,
      config: [
        `Match User ${user.name}`,
        '  PasswordAuthentication yes',
        '  AuthenticationMethods publickey,password',
        '  AuthorizedKeysFile .ssh/authorized_keys',
      ],
    });
    // sshd reads the account's keys as the account, so they go in its home, not in root's temp dir.
    await user.authorizeKey(readFileSync(`${both.privateKeyPath}.pub`, 'utf8'));
    tt.after(() => both.stop());
    const r = await drive(ns, both, {
      user: user.name,
      privateKeyPath: both.privateKeyPath,
      answers: { 'ssh-password': [user.password] },
    });
    assert.equal(r.login['ok'], true, r.detail);
    assert.equal(r.secrets.prompts.length, 1);
    assert.match(both.process.output(), /Partial publickey for /);
    assert.match(both.process.output(), new RegExp(`Accepted password for ${user.name} `));
  });

  await t.test('the engine is deployed through sudo with a prompted password', async (tt) => {
    const why = firstMissing([
      [which('nft') !== undefined, 'needs nftables (apt-get install nftables)'],
      [existsSync(bundle), 'needs dist/engine.js (npm run build)'],
    ]);
    if (!requireOrSkip(tt, why === undefined, why ?? '')) return;
    const sudoers = await addSudoers(`switchyard-test-${user.name}`, [`${user.name} ALL=(root) ALL`]);
    tt.after(() => sudoers.remove());
    const dir = mkdtempSync(join(tmpdir(), 'sy-pw-engine-'));
    const prefix = `p${(process.pid % 1296).toString(36)}`;
    tt.after(async () => {
      for (const name of await listNetns())
        if (name.startsWith(prefix)) await run(['ip', 'netns', 'del', name]);
      rmSync(dir, { recursive: true, force: true });
      // The daemon's prefix lock (its namespace's end killed it: a clean stop would have removed it).
      rmSync(`/run/switchyard/prefix-${prefix}.lock`, { force: true });
    });
    const engine = { dir, prefix, bundle };
    let daemonPid: number | undefined;
    const login = { user: user.name, stored: { [passwordKey]: user.password } };

    await tt.test('a wrong sudo password is refused clearly and forgotten', async () => {
      const r = await drive(ns, sshd, {
        ...login,
        stored: { ...login.stored, [sudoKey]: 'stale-sudo-password' },
        answers: { 'sudo-password': ['wrong-2', 'wrong-3'] },
        engine,
      });
      assert.equal(r.login['ok'], true, r.detail);
      assert.equal(r.engine?.['ok'], false, r.detail);
      assert.match(
        String(r.engine?.['error']),
        /sudo password for .* was refused 3 times \(sudo: incorrect password\)/,
      );
      assert.deepEqual(
        r.secrets.prompts.map((p) => [p.kind, p.refused]),
        [
          ['sudo-password', true],
          ['sudo-password', true],
        ],
      );
      assert.equal(sudoKey in r.secrets.stored, false, 'the refused sudo password is no longer stored');
      assert.equal(existsSync(join(dir, 'bin')), false, 'nothing was installed without root');
    });

    await tt.test('the right one deploys, starts the daemon as root, and is kept', async () => {
      const r = await drive(ns, sshd, { ...login, answers: { 'sudo-password': [user.password] }, engine });
      assert.equal(r.engine?.['ok'], true, r.detail);
      assert.deepEqual(r.engine?.['steps'], [
        'checking Node.js on the host',
        'uploading the engine',
        'starting the engine',
      ]);
      assert.equal(typeof r.engine?.['networks'], 'number', 'the daemon answered over the sudo stdio stream');
      const pid = Number(r.engine?.['pid']);
      daemonPid = pid;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      assert.match(status, /^Uid:\s+0\s/m, 'the daemon runs as root');
      assert.deepEqual(r.secrets.prompts, [
        { kind: 'sudo-password', subject: `${user.name}@127.0.0.1:${sshd.port}`, refused: false },
      ]);
      assert.equal(r.secrets.stored[sudoKey], user.password);
    });

    await tt.test('the saved sudo password is used without asking; the running daemon is kept', async () => {
      const r = await drive(ns, sshd, {
        ...login,
        stored: { ...login.stored, [sudoKey]: user.password },
        engine,
      });
      assert.equal(r.engine?.['ok'], true, r.detail);
      assert.deepEqual(r.secrets.prompts, []);
      assert.equal(r.engine?.['pid'], daemonPid, 'the same bundle keeps the running daemon');
    });

    await tt.test(
      'connecting again reaches the running engine with the saved sudo password, asking nothing',
      async () => {
        const r = await drive(ns, sshd, {
          ...login,
          stored: { ...login.stored, [sudoKey]: user.password },
          engine,
          attach: true,
        });
        assert.equal(r.attach?.['ok'], true, r.detail);
        assert.equal(r.attach?.['pid'], daemonPid, 'the daemon that runs, reached through the sudo bridge');
        assert.deepEqual(r.secrets.prompts, []);
      },
    );

    await tt.test(
      'without a saved sudo password, connecting leaves the engine for Deploy, asking nothing',
      async () => {
        const r = await drive(ns, sshd, { ...login, engine, attach: true });
        assert.deepEqual(r.attach, { ok: false, reached: false }, r.detail);
        assert.deepEqual(r.secrets.prompts, []);
      },
    );

    await tt.test(
      'the password never reaches a command sudo lets run without one (node NOPASSWD)',
      async () => {
        // Were sudo to skip the password for node, the password line would go to node's stdin: to the bridge, and
        // on into the engine's socket. Every command goes through one sh, so sudo reads the password every time.
        const nopasswd = await addSudoers(`switchyard-test-${user.name}-node`, [
          `${user.name} ALL=(root) NOPASSWD: ${which('node') ?? '/usr/bin/node'}`,
        ]);
        try {
          const r = await drive(ns, sshd, {
            ...login,
            stored: { ...login.stored, [sudoKey]: user.password },
            engine,
          });
          assert.equal(r.engine?.['ok'], true, r.detail);
          assert.equal(typeof r.engine?.['networks'], 'number');
        } finally {
          nopasswd.remove();
        }
      },
    );
  });
});
