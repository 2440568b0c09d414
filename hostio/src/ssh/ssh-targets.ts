import SSHConfig from 'ssh-config';
import { SshConfigError } from './ssh-include';

/** A host the user can connect to over SSH, resolved from a setting or from ~/.ssh/config. */
export interface SshHostEntry {
  /** What the user calls it: the ssh config alias or the setting's text. */
  alias: string;
  hostName: string;
  user: string;
  port: number;
  identityFiles: string[];
  /** `HostKeyAlias`: the name known_hosts files record this host's key under. */
  hostKeyAlias?: string;
  /** `UserKnownHostsFile`s, `~` expanded; empty means OpenSSH's defaults. */
  userKnownHostsFiles?: string[];
  /** `GlobalKnownHostsFile`s, `~` expanded; empty means `/etc/ssh/ssh_known_hosts` and `ssh_known_hosts2`. */
  globalKnownHostsFiles?: string[];
  /** `ProxyJump`: the jump hosts to go through first, in order, each resolved through the same config. */
  jumps?: SshHostEntry[];
  source: 'settings' | 'ssh-config' | 'docker-context';
}

/** Parses `user@host[:port]` (or `host`, or `user@[v6]:port`) as the `switchyard.hosts` setting holds it. */
export function parseHostSetting(text: string, defaultUser: string): SshHostEntry | undefined {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535) return undefined;
  const host = (m[2] ?? '').replace(/^\[|\]$/g, '');
  return {
    alias: text.trim(),
    hostName: host,
    user: m[1] ?? defaultUser,
    port,
    identityFiles: [],
    source: 'settings',
  };
}

/**
 * The concrete hosts of an ssh config (wildcard patterns are templates, not hosts), read as OpenSSH reads it:
 * keywords in any case (`hostname` is `HostName`). Reading a config never runs anything: `Match exec` counts
 * as not matching and `CanonicalizeHostname` (which would look names up) is left out, each with a `log` line.
 */
export function hostsFromSshConfig(
  text: string,
  defaultUser: string,
  home: string,
  log: (line: string) => void = () => {},
): SshHostEntry[] {
  const config = parseSshConfig(text, log);
  const aliases = new Set<string>();
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    const values = Array.isArray(line.value)
      ? line.value.map((v) => (typeof v === 'string' ? v : v.val))
      : [String(line.value)];
    for (const v of values) if (!/[*?!]/.test(v)) aliases.add(v);
  }
  // One host whose settings cannot be read (a bad ProxyJump) is left out with a log line; the rest stay.
  return [...aliases].flatMap((alias) => {
    try {
      return [sshHostEntry(config, alias, defaultUser, home, log)];
    } catch (err) {
      if (!(err instanceof SshConfigError)) throw err;
      log(`${err.message}; host ${alias} left out`);
      return [];
    }
  });
}

/**
 * What the ssh config says about any name, as `ssh NAME` would resolve it (wildcard blocks apply, `Host`
 * aliases need not be listed): for `switchyard lint --docker-host ssh://NAME`.
 */
export function resolveSshHost(
  text: string,
  name: string,
  defaultUser: string,
  home: string,
  log: (line: string) => void = () => {},
): SshHostEntry {
  return sshHostEntry(parseSshConfig(text, log), name, defaultUser, home, log);
}

/** Parses the text and takes out what must never run or look anything up, with a log line each. */
function parseSshConfig(text: string, log: (line: string) => void): SSHConfig {
  const config = SSHConfig.parse(text);
  for (let i = config.length - 1; i >= 0; i--) {
    const line = config[i];
    if (line?.type !== SSHConfig.DIRECTIVE) continue;
    if (/^match$/i.test(line.param) && /"exec"/i.test(JSON.stringify(line))) {
      log(
        `ssh config: "Match exec" is treated as not matching; Switchyard never runs commands from ssh config`,
      );
    }
    if (/^canonicalizehostname$/i.test(line.param)) {
      log(
        'ssh config: CanonicalizeHostname is ignored; Switchyard does not look host names up while reading it',
      );
      config.splice(i, 1);
    }
  }
  return config;
}

/** One host's settings; `jumpsFor` is false for a jump host itself (its own ProxyJump is not followed). */
function sshHostEntry(
  config: SSHConfig,
  alias: string,
  defaultUser: string,
  home: string,
  log: (line: string) => void,
  jumpsFor = true,
): SshHostEntry {
  // Keys come back in lower case; matchExec: false never spawns a shell.
  const c = config.compute(alias, { ignoreCase: true, matchExec: false }) as Record<
    string,
    string | string[] | undefined
  >;
  const first = (k: string): string | undefined => {
    const v = c[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const all = (k: string): string[] => {
    const v = c[k];
    return Array.isArray(v) ? v : v ? [v] : [];
  };
  const expand = (p: string) => p.replace(/^~(?=\/|$)/, home);
  const alias_ = first('hostkeyalias');
  // UserKnownHostsFile takes several files in one value.
  const knownFiles = all('userknownhostsfile').flatMap((v) => v.split(/\s+/).filter(Boolean));
  const globalFiles = all('globalknownhostsfile').flatMap((v) => v.split(/\s+/).filter(Boolean));
  const proxyJump = first('proxyjump');
  const jumps =
    jumpsFor && proxyJump && proxyJump.toLowerCase() !== 'none'
      ? parseProxyJump(proxyJump, alias).map((j) => {
          const hop = sshHostEntry(config, j.host, defaultUser, home, log, false);
          return { ...hop, ...(j.user ? { user: j.user } : {}), ...(j.port ? { port: j.port } : {}) };
        })
      : [];
  if (!jumpsFor && proxyJump && proxyJump.toLowerCase() !== 'none') {
    log(`ssh config: the ProxyJump of jump host ${alias} is not followed (only the target's ProxyJump is)`);
  }
  return {
    alias,
    hostName: first('hostname') ?? alias,
    user: first('user') ?? defaultUser,
    port: Number(first('port') ?? 22),
    identityFiles: all('identityfile').map(expand),
    ...(alias_ ? { hostKeyAlias: alias_ } : {}),
    ...(knownFiles.length > 0 ? { userKnownHostsFiles: knownFiles.map(expand) } : {}),
    ...(globalFiles.length > 0 ? { globalKnownHostsFiles: globalFiles.map(expand) } : {}),
    ...(jumps.length > 0 ? { jumps } : {}),
    source: 'ssh-config' as const,
  };
}

/** One jump of a `ProxyJump` list: `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
export interface JumpSpec {
  host: string;
  user?: string;
  port?: number;
}

/**
 * A `ProxyJump` value as OpenSSH reads it: comma-separated jumps, each `[user@]host[:port]` or an `ssh://` URI,
 * IPv6 addresses in brackets. A jump that cannot be read is a `SshConfigError`-style error naming it.
 */
export function parseProxyJump(value: string, forHost: string): JumpSpec[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec) => {
      const m = /^(?:ssh:\/\/)?(?:([^@\s/]+)@)?(\[[^\]]+\]|[^:@\s/[\]]+)(?::(\d{1,5}))?\/?$/.exec(spec);
      const port = m?.[3] ? Number(m[3]) : undefined;
      if (!m || (port !== undefined && (port < 1 || port > 65535))) {
        throw new SshConfigError(
          `ssh config: ProxyJump of ${forHost}: "${spec}" is not [user@]host[:port] or ssh://[user@]host[:port]`,
        );
      }
      const host = (m[2] ?? '').replace(/^\[|\]$/g, '');
      return { host, ...(m[1] ? { user: m[1] } : {}), ...(port ? { port } : {}) };
    });
}
