import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The key files OpenSSH tries when the config names none. */
export const DEFAULT_KEY_NAMES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** The key files a host's login tries, in order: its `IdentityFile`s, then OpenSSH's default names. */
export function keyFileCandidates(identityFiles: string[], home: string): string[] {
  return [...identityFiles, ...DEFAULT_KEY_NAMES.map((k) => join(home, '.ssh', k))];
}

/**
 * What a login that cannot ask anything offers (a jump host, the CLI): the ssh-agent, and the first key file
 * that exists and needs no passphrase (an encrypted one is left to the agent: load it with `ssh-add`).
 */
export async function unattendedKeyLogin(
  identityFiles: string[],
  home: string,
  agent: string | undefined,
): Promise<{ agent?: string; privateKey?: Buffer; keyFile?: string }> {
  // ssh2 is CommonJS: under tsx its `utils` is only on the default export; in the esbuild bundle, on both.
  const ssh2 = await import('ssh2');
  const utils = ssh2.utils ?? (ssh2 as unknown as { default: typeof ssh2 }).default.utils;
  for (const file of keyFileCandidates(identityFiles, home)) {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      continue;
    }
    const parsed = utils.parseKey(data);
    if (parsed instanceof Error) continue;
    return { ...(agent ? { agent } : {}), privateKey: data, keyFile: file };
  }
  return agent ? { agent } : {};
}
