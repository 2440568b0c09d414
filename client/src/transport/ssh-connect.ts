import * as vscode from 'vscode';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { checkKnownHost, keyFileCandidates, rememberHostKey, unattendedKeyLogin } from '@switchyard/hostio';
import type { SshHop } from '@switchyard/hostio';
import type { SshTransport } from './ssh';
import type { SshHostEntry } from '@switchyard/hostio';
import { loginSsh } from './ssh-login';
import type { SecretSlot } from './secrets';
import { sshSecretSlots } from './secrets';
import { askInInputBox, vscodeSecretFor } from './secret-prompt';
import { setting } from '../settings/settings';

/**
 * Connects to an SSH host the way OpenSSH's `StrictHostKeyChecking=ask` would: a known key goes on, an unknown
 * key is shown with its fingerprint and the user decides, a changed key is refused. Agent and key file first;
 * a password only when those are refused and the server takes one. Key passphrases, SSH passwords and sudo
 * passwords are asked in a password input box and kept only in SecretStorage (see secrets.ts).
 */
export async function connectSsh(entry: SshHostEntry, secrets: vscode.SecretStorage): Promise<SshTransport> {
  const keyFile = keyFileOf(entry);
  const slot = (kind: SecretSlot['kind']) => {
    const found = sshSecretSlots(entry, keyFile).find((s) => s.kind === kind);
    if (!found) throw new Error(`no ${kind} slot for ${entry.alias}`);
    return vscodeSecretFor(secrets, found);
  };
  const transport = await loginSsh({
    target: {
      host: entry.hostName,
      port: entry.port,
      username: entry.user,
      dockerSocket: setting('docker.socket'),
      verifyHostKey: (key) => decideHostKey(entry, key),
      jumps: await jumpHops(entry),
    },
    ...(process.env['SSH_AUTH_SOCK'] ? { agent: process.env['SSH_AUTH_SOCK'] } : {}),
    ...(keyFile
      ? {
          key: { file: keyFile, data: readFileSync(keyFile) },
          passphrase: slot('passphrase'),
        }
      : {}),
    password: slot('ssh-password'),
    ask: askInInputBox,
  });
  transport.sudoPassword = slot('sudo-password');
  return transport;
}

/** The key file an SSH connection offers: the host's IdentityFile, else OpenSSH's default names, if present. */
export function keyFileOf(entry: SshHostEntry): string | undefined {
  return keyFileCandidates(entry.identityFiles, homedir()).find((p) => existsSync(p));
}

/**
 * The `ProxyJump` hosts, each checked against known_hosts under its own name (an unknown key is asked about,
 * a changed one refused, as for the target). A jump logs in with the ssh-agent and a key file that needs no
 * passphrase; passwords are asked for the target only.
 */
async function jumpHops(entry: SshHostEntry): Promise<SshHop[]> {
  const agent = process.env['SSH_AUTH_SOCK'];
  return Promise.all(
    (entry.jumps ?? []).map(async (jump) => {
      const { keyFile: _keyFile, ...login } = await unattendedKeyLogin(jump.identityFiles, homedir(), agent);
      // A password retry connects again: a key the user trusted a moment ago is not asked about twice.
      const trusted: Buffer[] = [];
      const verifyHostKey = async (key: Buffer) => {
        if (trusted.some((k) => k.equals(key))) return true;
        const ok = await decideHostKey(jump, key);
        if (ok) trusted.push(key);
        return ok;
      };
      return { host: jump.hostName, port: jump.port, username: jump.user, verifyHostKey, ...login };
    }),
  );
}

async function decideHostKey(entry: SshHostEntry, key: Buffer): Promise<boolean> {
  const { verdict, name, files } = checkKnownHost(entry, key, homedir());
  if (verdict.kind === 'known') return true;
  if (verdict.kind === 'cert-authority') {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'known_hosts trusts a certificate authority for {0}, and Switchyard does not check host certificates. It refuses to connect rather than trust the plain key {1}; add that key to known_hosts if you trust it.',
        name,
        verdict.fingerprint,
      ),
      { modal: true },
    );
    return false;
  }
  if (verdict.kind === 'changed') {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'The host key of {0} has CHANGED (now {1}, known_hosts has {2}). Someone may be intercepting the connection, or the host was reinstalled. Switchyard refuses to connect; check with the host owner and fix ~/.ssh/known_hosts.',
        name,
        verdict.fingerprint,
        verdict.recorded,
      ),
      { modal: true },
    );
    return false;
  }
  const remember = vscode.l10n.t('Trust and remember');
  const once = vscode.l10n.t('Trust once');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'The authenticity of host {0} cannot be established. Its key fingerprint is {1}. Connect?',
      name,
      verdict.fingerprint,
    ),
    { modal: true },
    remember,
    once,
  );
  const userFile = files.user[0];
  if (answer === remember && userFile) rememberHostKey(userFile, name, key);
  return answer === remember || answer === once;
}
