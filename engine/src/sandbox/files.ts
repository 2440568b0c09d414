import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `/etc/netns/<ns>/{hostname,hosts,resolv.conf}`: `ip netns exec` bind-mounts these over /etc in the
 * namespace, so a process in the sandbox sees its own files.
 */
export const netnsEtc = (netns: string): string => join('/etc/netns', netns);

export interface SandboxFiles {
  hostname: string;
  addresses: string[];
  /** Embedded DNS (user-defined networks): 127.0.0.11, ndots:0. Otherwise the host's nameservers. */
  embeddedDns: boolean;
}

export function hostsFile(f: SandboxFiles): string {
  const lines = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix',
    'ff02::1\tip6-allnodes',
    'ff02::2\tip6-allrouters',
    ...f.addresses.map((a) => `${a}\t${f.hostname}`),
  ];
  return lines.join('\n') + '\n';
}

/** Docker's rule: the host's resolv.conf without loopback nameservers (unreachable from a sandbox). */
export function resolvConf(embedded: boolean, hostResolv: string): string {
  if (embedded) return 'nameserver 127.0.0.11\noptions ndots:0\n';
  const kept = hostResolv
    .split('\n')
    .filter((l) => !/^\s*nameserver\s+(127\.|::1)/.test(l))
    .join('\n')
    .trim();
  return kept + '\n';
}

/**
 * Written inline (three small page-cache writes, no fsync: reconcile rewrites them at start): as async
 * writes they took a dozen turns of the event loop, which a connect's process spawn holds up.
 */
export async function writeSandboxFiles(netns: string, f: SandboxFiles): Promise<void> {
  const dir = netnsEtc(netns);
  const host = f.embeddedDns ? '' : await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'hostname'), `${f.hostname}\n`);
  writeFileSync(join(dir, 'hosts'), hostsFile(f));
  writeFileSync(join(dir, 'resolv.conf'), resolvConf(f.embeddedDns, host));
}

export const removeSandboxFiles = (netns: string): Promise<void> =>
  rm(netnsEtc(netns), { recursive: true, force: true });
