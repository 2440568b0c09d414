// Throwaway local accounts for tests that need a non-root login (SSH password, sudo with a password): made with
// useradd, given a password through chpasswd's stdin, and removed with `userdel -r`. A sudoers drop-in is
// checked with `visudo -c` before it is installed, and removed by the test that added it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { run, runOk } from './proc';
import { waitFor } from './wait';

export interface TestUser {
  name: string;
  password: string;
  home: string;
  /** Puts a public key in ~/.ssh/authorized_keys, owned by the account (sshd reads it as the account). */
  authorizeKey(publicKey: string): Promise<string>;
  remove(): Promise<void>;
}

/** A new account `prefix` + a suffix unique to this process, with a random password, home in /home. */
export async function createTestUser(prefix: string): Promise<TestUser> {
  const name = `${prefix}${process.pid.toString(36)}`.slice(0, 31);
  const password = `Sy-${randomBytes(9).toString('base64url')}`;
  await runOk([
    'useradd',
    '--create-home',
    '--shell',
    '/bin/sh',
    '--comment',
    'switchyard test, removable',
    name,
  ]);
  const home = `/home/${name}`;
  const user: TestUser = {
    name,
    password,
    home,
    async authorizeKey(publicKey) {
      const path = `${home}/.ssh/authorized_keys`;
      mkdirSync(`${home}/.ssh`, { recursive: true, mode: 0o700 });
      writeFileSync(path, publicKey.endsWith('\n') ? publicKey : `${publicKey}\n`, { mode: 0o600 });
      await runOk(['chown', '-R', `${name}:`, `${home}/.ssh`]);
      return path;
    },
    async remove() {
      if ((await run(['id', '-u', name])).code !== 0) return;
      // Its SSH sessions end when the test's client disconnects; wait for them rather than kill by user.
      await waitFor(async () => (await run(['userdel', '--remove', name])).code === 0, 10_000, {
        what: `userdel ${name} (the account's processes to exit)`,
      }).catch(async () => {
        await run(['userdel', '--force', '--remove', name]);
      });
    },
  };
  try {
    await runOk(['chpasswd'], { input: `${name}:${password}\n` });
  } catch (err) {
    await user.remove();
    throw err;
  }
  return user;
}

export interface SudoersDropIn {
  path: string;
  remove(): void;
}

/** Installs /etc/sudoers.d/<name> with `lines` after `visudo -c` accepted them; remove() deletes it. */
export async function addSudoers(name: string, lines: string[]): Promise<SudoersDropIn> {
  const path = `/etc/sudoers.d/${name}`;
  if (existsSync(path)) throw new Error(`${path} exists already; not overwriting it`);
  const candidate = `/tmp/${name}.sudoers`;
  writeFileSync(candidate, `${lines.join('\n')}\n`, { mode: 0o440 });
  try {
    await runOk(['visudo', '-c', '-q', '-f', candidate]);
    await runOk(['install', '-m', '0440', '-o', 'root', '-g', 'root', candidate, path]);
  } finally {
    rmSync(candidate, { force: true });
  }
  return { path, remove: () => rmSync(path, { force: true }) };
}
