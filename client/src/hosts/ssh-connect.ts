import * as vscode from 'vscode';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { knownHostsLine, knownHostsName, parseKnownHosts, verifyHostKey } from './known-hosts';
import { SshTransport } from './ssh';
import type { SshHostEntry } from './ssh-targets';

const knownHostsPath = (): string => join(homedir(), '.ssh', 'known_hosts');
const defaultKeys = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => join(homedir(), '.ssh', k));

/**
 * Connects to an SSH host the way OpenSSH's `StrictHostKeyChecking=ask` would: a known key goes on, an unknown
 * key is shown with its fingerprint and the user decides, a changed key is refused. Key passphrases and
 * passwords are kept only in SecretStorage.
 */
export async function connectSsh(entry: SshHostEntry, secrets: vscode.SecretStorage): Promise<SshTransport> {
  const keyFile = [...entry.identityFiles, ...defaultKeys].find((p) => existsSync(p));
  const privateKey = keyFile ? readFileSync(keyFile) : undefined;
  const encrypted = privateKey?.includes('ENCRYPTED') || (privateKey && isEncryptedOpenSshKey(privateKey));
  const secretKey = `switchyard.passphrase:${keyFile ?? ''}`;
  let passphrase = encrypted ? await secrets.get(secretKey) : undefined;
  if (encrypted && passphrase === undefined) {
    passphrase = await vscode.window.showInputBox({
      title: vscode.l10n.t('Passphrase for {0}', keyFile ?? ''),
      password: true,
      ignoreFocusOut: true,
    });
    if (passphrase === undefined)
      throw new Error(vscode.l10n.t('connection cancelled: no passphrase for {0}', keyFile ?? ''));
  }
  const transport = await SshTransport.connect({
    host: entry.hostName,
    port: entry.port,
    username: entry.user,
    ...(privateKey ? { privateKey } : {}),
    ...(passphrase ? { passphrase } : {}),
    ...(process.env['SSH_AUTH_SOCK'] ? { agent: process.env['SSH_AUTH_SOCK'] } : {}),
    dockerSocket: vscode.workspace
      .getConfiguration('switchyard')
      .get<string>('docker.socket', '/var/run/docker.sock'),
    verifyHostKey: (key) => decideHostKey(entry, key),
  });
  if (encrypted && passphrase !== undefined) await secrets.store(secretKey, passphrase);
  return transport;
}

async function decideHostKey(entry: SshHostEntry, key: Buffer): Promise<boolean> {
  const name = knownHostsName(entry.hostName, entry.port);
  const text = existsSync(knownHostsPath()) ? readFileSync(knownHostsPath(), 'utf8') : '';
  const verdict = verifyHostKey(parseKnownHosts(text), name, key);
  if (verdict.kind === 'known') return true;
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
  if (answer === remember)
    appendFileSync(knownHostsPath(), knownHostsLine(name, keyTypeOf(key), key), { mode: 0o600 });
  return answer === remember || answer === once;
}

/** The key type is the first string inside the SSH wire-format key blob. */
function keyTypeOf(key: Buffer): string {
  const len = key.readUInt32BE(0);
  return key.subarray(4, 4 + len).toString('ascii');
}

/** OpenSSH-format keys say whether they are encrypted in their header (cipher name other than `none`). */
function isEncryptedOpenSshKey(pem: Buffer): boolean {
  const b64 = pem
    .toString('utf8')
    .replace(/-----[^-]+-----/g, '')
    .replace(/\s+/g, '');
  const raw = Buffer.from(b64, 'base64');
  const magic = 'openssh-key-v1\0';
  if (raw.subarray(0, magic.length).toString('latin1') !== magic) return false;
  const len = raw.readUInt32BE(magic.length);
  return raw.subarray(magic.length + 4, magic.length + 4 + len).toString('ascii') !== 'none';
}
