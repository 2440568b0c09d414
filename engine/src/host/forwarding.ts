import type { SysctlIo } from '../exec/sysctl';
import type { Naming } from '../model/names';
import type { State } from '../model/types';

/** The sysctls of the engine's namespace that turn a host into a router (paths under /proc/sys). */
export const IPV4_FORWARD = 'net/ipv4/ip_forward';
export const IPV6_FORWARD = 'net/ipv6/conf/all/forwarding';
const ACCEPT_RA = /^net\/ipv6\/conf\/([^/]+)\/accept_ra$/;
export const acceptRa = (ifname: string): string => `net/ipv6/conf/${ifname}/accept_ra`;

/** Interfaces with an IPv6 conf dir (`all`, `default` and `lo` excluded). */
const ipv6Interfaces = async (io: SysctlIo): Promise<string[]> =>
  (await io.list('net/ipv6/conf')).filter((n) => !['all', 'default', 'lo'].includes(n));

/** Which forwarding the store's networks need: any routed (non-internal) bridge; IPv6 when it has IPv6. */
export function forwardingNeeds(s: State): { v4: boolean; v6: boolean } {
  const routed = s.networks.filter((n) => n.driver === 'bridge' && n.device && !n.internal);
  return { v4: routed.length > 0, v6: routed.some((n) => n.enableIPv6) };
}

export interface ForwardingChange {
  set: Record<string, string>;
  restored: Record<string, string>;
  failed: string[];
}

/**
 * Makes the host's forwarding sysctls what the store's networks need, recording in the store
 * (`hostSysctls`: path → value before the engine changed it) every value it changes, and putting each
 * back when the last network that needed it is gone. A value the host already had is never recorded, so
 * a host that routed before (dockerd, a router) is left routing. Before IPv6 forwarding goes on, uplinks
 * that take router advertisements (`accept_ra=1`, which the kernel ignores once forwarding is on, losing the
 * SLAAC default route) get `accept_ra=2`. Mutates `s.hostSysctls`; the caller saves the store.
 */
export async function syncForwarding(s: State, naming: Naming, io: SysctlIo): Promise<ForwardingChange> {
  const need = forwardingNeeds(s);
  const rec = s.hostSysctls;
  const out: ForwardingChange = { set: {}, restored: {}, failed: [] };
  const ensure = async (path: string, value: string) => {
    const now = await io.read(path);
    if (now === undefined || now === value) return;
    try {
      await io.write(path, value);
      if (!(path in rec)) rec[path] = now;
      out.set[path] = value;
    } catch {
      out.failed.push(path);
    }
  };
  const restore = async (path: string) => {
    const was = rec[path];
    if (was === undefined) return;
    try {
      if ((await io.read(path)) !== undefined) await io.write(path, was);
      out.restored[path] = was;
    } catch {
      out.failed.push(path);
    }
    Reflect.deleteProperty(rec, path);
  };
  if (need.v6) {
    for (const ifname of await ipv6Interfaces(io)) {
      if (new RegExp(`^${naming.prefix}-[a-z][0-9a-f]{7}$`).test(ifname)) continue; // our own links
      if ((await io.read(acceptRa(ifname))) === '1') await ensure(acceptRa(ifname), '2');
    }
    await ensure(IPV6_FORWARD, '1');
  } else {
    await restore(IPV6_FORWARD);
    for (const path of Object.keys(rec)) if (ACCEPT_RA.test(path)) await restore(path);
  }
  if (need.v4) await ensure(IPV4_FORWARD, '1');
  else await restore(IPV4_FORWARD);
  return out;
}

/** Puts back every sysctl the store says the engine changed (uninstall). */
export async function restoreAllSysctls(s: State, io: SysctlIo): Promise<Record<string, string>> {
  const restored: Record<string, string> = {};
  // Forwarding first, then the uplinks' accept_ra (RAs count again once forwarding is off).
  const paths = Object.keys(s.hostSysctls).sort(
    (a, b) => Number(ACCEPT_RA.test(a)) - Number(ACCEPT_RA.test(b)),
  );
  for (const path of paths) {
    const was = s.hostSysctls[path] as string;
    try {
      if ((await io.read(path)) !== undefined) await io.write(path, was);
      restored[path] = was;
    } catch {
      // An interface that is gone has nothing to restore.
    }
    Reflect.deleteProperty(s.hostSysctls, path);
  }
  return restored;
}

/** The families whose forwarding the engine turned on: forwarded traffic not touching our bridges is dropped. */
export function forwardGuard(s: State): ('ipv4' | 'ipv6')[] {
  return [
    ...(IPV4_FORWARD in s.hostSysctls ? ['ipv4' as const] : []),
    ...(IPV6_FORWARD in s.hostSysctls ? ['ipv6' as const] : []),
  ];
}
