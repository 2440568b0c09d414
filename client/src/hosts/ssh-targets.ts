import SSHConfig from 'ssh-config';

/** A host the user can connect to over SSH, resolved from a setting or from ~/.ssh/config. */
export interface SshHostEntry {
  /** What the user calls it: the ssh config alias or the setting's text. */
  alias: string;
  hostName: string;
  user: string;
  port: number;
  identityFiles: string[];
  source: 'settings' | 'ssh-config';
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

/** The concrete hosts of an ssh config (wildcard patterns are templates, not hosts). */
export function hostsFromSshConfig(text: string, defaultUser: string, home: string): SshHostEntry[] {
  const config = SSHConfig.parse(text);
  const aliases = new Set<string>();
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    const values = Array.isArray(line.value)
      ? line.value.map((v) => (typeof v === 'string' ? v : v.val))
      : [String(line.value)];
    for (const v of values) if (!/[*?!]/.test(v)) aliases.add(v);
  }
  return [...aliases].map((alias) => {
    const c = config.compute(alias) as Record<string, string | string[] | undefined>;
    const first = (k: string): string | undefined => {
      const v = c[k];
      return Array.isArray(v) ? v[0] : v;
    };
    const ids = c['IdentityFile'];
    return {
      alias,
      hostName: first('HostName') ?? alias,
      user: first('User') ?? defaultUser,
      port: Number(first('Port') ?? 22),
      identityFiles: (Array.isArray(ids) ? ids : ids ? [ids] : []).map((p) => p.replace(/^~(?=\/|$)/, home)),
      source: 'ssh-config' as const,
    };
  });
}
