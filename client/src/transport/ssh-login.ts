import type { ParsedKey } from 'ssh2';
import { SshTransport } from './ssh';
import type { SshTarget } from './ssh';
import { acceptsPassword, authHandler, isAuthFailure } from './ssh-auth';
import type { AuthOffer, AuthRecord } from './ssh-auth';
import { withSecret } from './secrets';
import type { AskSecret, RememberedSecret } from './secrets';

/** Everything a login needs besides the credentials it may have to ask for. No vscode here. */
export interface SshLogin {
  /** Where to connect and how to check the host key; credentials come from the fields below. */
  target: Omit<SshTarget, 'privateKey' | 'passphrase' | 'password' | 'agent' | 'authHandler'>;
  /** ssh-agent socket (SSH_AUTH_SOCK), when there is one. */
  agent?: string;
  /** The key file's content and name (for messages), when there is one. */
  key?: { file: string; data: Buffer };
  /** The key's passphrase, asked only when the key is encrypted. */
  passphrase?: RememberedSecret;
  /** The account's password, asked only when keys and agent were refused and the server takes passwords. */
  password: RememberedSecret;
  /** For keyboard-interactive prompts other than the password (not remembered). */
  ask: AskSecret;
}

/** The server refused every key and takes no password: nothing to ask the user, so say what to fix. */
export class SshAuthError extends Error {}

/**
 * Logs in with agent and key first. When those are refused and the server takes a password (as `password` or
 * `keyboard-interactive`), the password is asked outside the handshake (so slow typing cannot hit ssh2's
 * ready timeout), then a new connection tries it. A refused password is forgotten and asked again.
 */
export async function loginSsh(login: SshLogin): Promise<SshTransport> {
  const key = login.key ? await unlockKey(login.key, login.passphrase) : undefined;
  const target = { ...login.target, verifyHostKey: decideOncePerKey(login.target.verifyHostKey) };
  const { username, host, port } = login.target;
  const offer: AuthOffer = {
    username,
    ...(login.agent ? { agent: login.agent } : {}),
    ...(key ? { key } : {}),
    answer: (prompt) => login.ask({ kind: 'keyboard-interactive', subject: prompt, refused: false }),
  };
  const first = await attempt(target, offer);
  if (first.ok) return first.transport;
  if (!acceptsPassword(first.record)) {
    throw new SshAuthError(
      `${username}@${host}:${port} refused ${triedKeys(offer)} and takes no password (it offers: ${(first.record.methodsLeft ?? []).join(', ') || 'nothing'}); add your public key to its authorized_keys or load the key into ssh-agent`,
    );
  }
  return withSecret(login.password, async (password) => {
    // Only the password now: the keys were refused already, and each one would count against MaxAuthTries;
    // unless a key was accepted as the first of two factors.
    const passwordOnly = { username, password, ...(offer.answer ? { answer: offer.answer } : {}) };
    const r = await attempt(target, first.record.partialSuccess ? { ...offer, password } : passwordOnly);
    if (r.ok) return { ok: true, result: r.transport };
    if (!r.record.passwordSent && !acceptsPassword(r.record)) {
      throw new SshAuthError(`${username}@${host}:${port} stopped taking passwords`);
    }
    return { ok: false, refused: true, detail: 'permission denied' };
  });
}

type AttemptResult = { ok: true; transport: SshTransport } | { ok: false; record: AuthRecord };

async function attempt(target: SshLogin['target'], offer: AuthOffer): Promise<AttemptResult> {
  const record: AuthRecord = { methodsLeft: undefined, passwordSent: false };
  try {
    return {
      ok: true,
      transport: await SshTransport.connect({ ...target, authHandler: authHandler(offer, record) }),
    };
  } catch (err) {
    if (isAuthFailure(err)) return { ok: false, record };
    throw err;
  }
}

function triedKeys(offer: AuthOffer): string {
  const what = [offer.agent ? 'the ssh-agent keys' : '', offer.key ? 'the key file' : ''].filter(Boolean);
  return what.length ? what.join(' and ') : 'the login (no key file or ssh-agent found)';
}

/** Parses the key, asking for its passphrase when it is encrypted; a wrong one is forgotten and asked again. */
async function unlockKey(
  key: { file: string; data: Buffer },
  passphrase: RememberedSecret | undefined,
): Promise<ParsedKey> {
  // ssh2 is CommonJS: under tsx its `utils` is only on the default export; in the esbuild bundle, on both.
  const ssh2 = await import('ssh2');
  const utils = ssh2.utils ?? (ssh2 as unknown as { default: typeof ssh2 }).default.utils;
  const plain = firstKey(utils.parseKey(key.data));
  if (!(plain instanceof Error)) return plain;
  if (!/no passphrase given/i.test(plain.message) || !passphrase) {
    throw new SshAuthError(`cannot read the key ${key.file}: ${plain.message}`);
  }
  return withSecret(passphrase, async (value) => {
    const parsed = firstKey(utils.parseKey(key.data, value));
    return parsed instanceof Error
      ? { ok: false, refused: true, detail: parsed.message }
      : { ok: true, result: parsed };
  });
}

function firstKey(k: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  return Array.isArray(k) ? (k[0] ?? new Error('the key file holds no key')) : k;
}

/** A second connection of the same login must not ask about the same host key again. */
function decideOncePerKey(decide: (key: Buffer) => Promise<boolean>): (key: Buffer) => Promise<boolean> {
  const accepted: Buffer[] = [];
  return async (key) => {
    if (accepted.some((k) => k.equals(key))) return true;
    const ok = await decide(key);
    if (ok) accepted.push(key);
    return ok;
  };
}
