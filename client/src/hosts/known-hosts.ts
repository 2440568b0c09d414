import { createHash, createHmac } from 'node:crypto';

/** What known_hosts says about a host key: trusted, never seen, or different from the one on record. */
export type HostKeyVerdict =
  | { kind: 'known' }
  | { kind: 'unknown'; fingerprint: string }
  | { kind: 'changed'; fingerprint: string; recorded: string };

interface KnownHostLine {
  patterns: string[];
  keyType: string;
  key: Buffer;
  marker?: '@revoked' | '@cert-authority';
}

/** Parses OpenSSH known_hosts text (plain and hashed `|1|salt|hash` names, markers, comments). */
export function parseKnownHosts(text: string): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    const marker = parts[0]?.startsWith('@') ? (parts.shift() as KnownHostLine['marker']) : undefined;
    const [names, keyType, key] = parts;
    if (!names || !keyType || !key) continue;
    out.push({
      patterns: names.split(','),
      keyType,
      key: Buffer.from(key, 'base64'),
      ...(marker ? { marker } : {}),
    });
  }
  return out;
}

/** The name known_hosts records for a host: `host`, or `[host]:port` when the port is not 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function matches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  const negated = pattern.startsWith('!');
  const glob = new RegExp(
    `^${(negated ? pattern.slice(1) : pattern)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return glob.test(name) && !negated;
}

/** Checks a presented host key against known_hosts, as OpenSSH's StrictHostKeyChecking=ask would. */
export function verifyHostKey(lines: KnownHostLine[], name: string, key: Buffer): HostKeyVerdict {
  const fp = fingerprint(key);
  const forHost = lines.filter(
    (l) => l.marker !== '@cert-authority' && l.patterns.some((p) => matches(p, name)),
  );
  if (forHost.some((l) => l.marker === '@revoked' && l.key.equals(key))) {
    return { kind: 'changed', fingerprint: fp, recorded: 'revoked' };
  }
  if (forHost.some((l) => l.marker === undefined && l.key.equals(key))) return { kind: 'known' };
  const other = forHost.find((l) => l.marker === undefined);
  return other
    ? { kind: 'changed', fingerprint: fp, recorded: fingerprint(other.key) }
    : { kind: 'unknown', fingerprint: fp };
}

/** The line to append when the user trusts a new key. */
export function knownHostsLine(name: string, keyType: string, key: Buffer): string {
  return `${name} ${keyType} ${key.toString('base64')}\n`;
}
