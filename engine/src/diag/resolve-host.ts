// A probe inside a Docker container (or any namespace entered by pid) runs our tools with the engine's own
// mount namespace, so a name given to ping or tcp would be resolved with the host's /etc/hosts and
// resolv.conf: wrong names (the container's network names are unknown there) and queries leaking to the
// host's resolvers. So the name is resolved first as the container does ("files" then "dns"): its
// /etc/hosts, then the first nameserver of its resolv.conf (127.0.0.11 on user networks), asked from inside
// its network namespace with our own DNS client; the probe then gets the address.
import { addrOf } from '@switchyard/core';
import { EngineError } from '../errors';
import { dnsLookup } from './dns';
import type { Target } from './target';
import { readTargetEtc } from './container-file';

/** The first address /etc/hosts text gives `name` (case-insensitive, as glibc), IPv4 entries first. */
export function hostsLookup(text: string, name: string): string | undefined {
  const want = name.toLowerCase().replace(/\.$/, '');
  const found: string[] = [];
  for (const raw of text.split('\n')) {
    const [addr, ...names] = (raw.split('#')[0] ?? '').trim().split(/\s+/);
    if (addr && addrOf(addr) && names.some((n) => n.toLowerCase() === want)) found.push(addr);
  }
  return found.find((a) => addrOf(a)?.family === 4) ?? found[0];
}

/**
 * The address to probe for `host` from `t`. Sandboxes (entered with `ip netns exec`, which bind-mounts
 * their /etc files) and the engine's own namespace resolve by themselves; a namespace entered by pid gets
 * the name resolved here, as it would resolve it.
 */
export async function probeAddress(t: Target, host: string, timeoutMs: number): Promise<string> {
  if (addrOf(host) || !t.netnsPath || t.netnsName || !t.hostsFile) return host;
  const hosts = await readTargetEtc(t, t.hostsFile, 'hosts');
  const fromFile = hostsLookup(hosts, host);
  if (fromFile) return fromFile;
  const budget = Math.max(500, Math.floor(timeoutMs / 2));
  for (const type of ['A', 'AAAA']) {
    const r = await dnsLookup(t, { name: host, type, timeoutMs: budget });
    const addr = r.answers.find((a) => a.type === type)?.data;
    if (addr) return addr;
    if (r.status !== 'NOERROR') break; // NXDOMAIN, SERVFAIL…: no point asking for AAAA
  }
  throw EngineError.invalid(
    `${host}: Name or service not known (resolved from ${t.label} with its /etc/hosts and ${t.resolvConf})`,
  );
}
