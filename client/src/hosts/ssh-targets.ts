import SSHConfig from 'ssh-config';

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
  const aliases = new Set<string>();
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    const values = Array.isArray(line.value)
      ? line.value.map((v) => (typeof v === 'string' ? v : v.val))
      : [String(line.value)];
    for (const v of values) if (!/[*?!]/.test(v)) aliases.add(v);
  }
  return [...aliases].map((alias) => {
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
    return {
      alias,
      hostName: first('hostname') ?? alias,
      user: first('user') ?? defaultUser,
      port: Number(first('port') ?? 22),
      identityFiles: all('identityfile').map(expand),
      ...(alias_ ? { hostKeyAlias: alias_ } : {}),
      ...(knownFiles.length > 0 ? { userKnownHostsFiles: knownFiles.map(expand) } : {}),
      source: 'ssh-config' as const,
    };
  });
}
