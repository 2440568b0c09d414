import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What known_hosts says about a host key: trusted, never seen, different from the one on record, or
 * vouched for by a certificate authority (Switchyard does not check host certificates, so it refuses rather
 * than offer to trust a plain key a CA line was meant to govern).
 */
export type HostKeyVerdict =
  | { kind: 'known' }
  | { kind: 'unknown'; fingerprint: string }
  | { kind: 'changed'; fingerprint: string; recorded: string; file?: string }
  | { kind: 'cert-authority'; fingerprint: string };

interface KnownHostLine {
  patterns: string[];
  keyType: string;
  key: Buffer;
  marker?: '@revoked' | '@cert-authority';
  /** The file the line came from, for messages. */
  file?: string;
}

/** Parses OpenSSH known_hosts text (plain and hashed `|1|salt|hash` names, markers, comments). */
export function parseKnownHosts(text: string, file?: string): KnownHostLine[] {
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
      ...(file ? { file } : {}),
    });
  }
  return out;
}

/**
 * The name known_hosts records for a host: `host`, or `[host]:port` when the port is not 22; a `HostKeyAlias`
 * replaces both (OpenSSH adds no port to an alias). Lower case, as OpenSSH compares names.
 */
export function knownHostsName(host: string, port: number, hostKeyAlias?: string): string {
  if (hostKeyAlias) return hostKeyAlias.toLowerCase();
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** One pattern (a hashed name or a glob, without its `!`) against a name, case-insensitively for globs. */
function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  const glob = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return glob.test(name);
}

/**
 * A line's patterns against a name as OpenSSH's `match_hostname` reads them: a negated pattern that matches
 * rules the line out whatever else matches (`*.corp.example,!evil.corp.example` is not for evil.corp.example);
 * otherwise any positive match counts.
 */
export function namesMatch(patterns: string[], name: string): boolean {
  let positive = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), name)) return false;
    } else if (!positive && patternMatches(p, name)) positive = true;
  }
  return positive;
}

/** Checks a presented host key against known_hosts, as OpenSSH's StrictHostKeyChecking=ask would. */
export function verifyHostKey(lines: KnownHostLine[], name: string, key: Buffer): HostKeyVerdict {
  const fp = fingerprint(key);
  const forHost = lines.filter((l) => namesMatch(l.patterns, name));
  const revoked = forHost.find((l) => l.marker === '@revoked' && l.key.equals(key));
  if (revoked) {
    return {
      kind: 'changed',
      fingerprint: fp,
      recorded: 'revoked',
      ...(revoked.file ? { file: revoked.file } : {}),
    };
  }
  if (forHost.some((l) => l.marker === undefined && l.key.equals(key))) return { kind: 'known' };
  const other = forHost.find((l) => l.marker === undefined);
  if (other) {
    const where = other.file ? { file: other.file } : {};
    return { kind: 'changed', fingerprint: fp, recorded: fingerprint(other.key), ...where };
  }
  if (forHost.some((l) => l.marker === '@cert-authority')) return { kind: 'cert-authority', fingerprint: fp };
  return { kind: 'unknown', fingerprint: fp };
}

/**
 * The line to append when the user trusts a new key, with the name hashed as `HashKnownHosts yes` writes it
 * (`|1|salt|HMAC-SHA1(salt, name)`): the file then does not list where the user connects.
 */
export function knownHostsLine(name: string, keyType: string, key: Buffer, salt = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash} ${keyType} ${key.toString('base64')}\n`;
}

/**
 * Records a key the user chose to trust, as `ssh` does on "yes": one hashed line appended to `file` (the
 * first user known_hosts file), the file made 0600 (and its folder 0700) when it does not exist yet.
 */
export function rememberHostKey(file: string, name: string, key: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, knownHostsLine(name, keyTypeOf(key), key), { mode: 0o600 });
}

/**
 * The known_hosts files OpenSSH reads for a host: its `UserKnownHostsFile`s (default `~/.ssh/known_hosts`
 * and `known_hosts2`), then its `GlobalKnownHostsFile`s (default the system's `/etc/ssh/ssh_known_hosts`
 * and `ssh_known_hosts2`). New keys go to the first user file.
 */
export function knownHostsFiles(
  home: string,
  userFiles: string[] = [],
  globalFiles: string[] = [],
): { user: string[]; system: string[] } {
  const expand = (p: string) => p.replace(/^~(?=\/|$)/, home);
  const user =
    userFiles.length > 0 ? userFiles.map(expand) : [`${home}/.ssh/known_hosts`, `${home}/.ssh/known_hosts2`];
  const system =
    globalFiles.length > 0
      ? globalFiles.map(expand)
      : ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
  return { user, system };
}

/** Where a host's key is looked up: the name, the port, and the known_hosts settings of its ssh config. */
export interface KnownHostTarget {
  hostName: string;
  port: number;
  hostKeyAlias?: string;
  userKnownHostsFiles?: string[];
  globalKnownHostsFiles?: string[];
}

/** What known_hosts says about a presented key, with the name looked up and the files read (for messages). */
export interface HostKeyCheck {
  verdict: HostKeyVerdict;
  name: string;
  files: { user: string[]; system: string[] };
}

/**
 * Checks a presented host key against every known_hosts file OpenSSH would read for this host. Reading never
 * writes: what to do with an unknown key is the caller's decision (ask the user, or refuse).
 */
export function checkKnownHost(
  target: KnownHostTarget,
  key: Buffer,
  home: string,
  read: (file: string) => string | undefined = readIfPresent,
): HostKeyCheck {
  const name = knownHostsName(target.hostName, target.port, target.hostKeyAlias);
  const files = knownHostsFiles(home, target.userKnownHostsFiles, target.globalKnownHostsFiles);
  const lines = [...files.user, ...files.system].flatMap((f) => parseKnownHosts(read(f) ?? '', f));
  return { verdict: verifyHostKey(lines, name, key), name, files };
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The key type is the first string inside the SSH wire-format key blob (`ssh-ed25519`, `rsa-sha2-…`). */
export function keyTypeOf(key: Buffer): string {
  const len = key.readUInt32BE(0);
  return key.subarray(4, 4 + len).toString('ascii');
}
