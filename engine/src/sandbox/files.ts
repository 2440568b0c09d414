import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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

export async function writeSandboxFiles(netns: string, f: SandboxFiles): Promise<void> {
  const dir = netnsEtc(netns);
  await mkdir(dir, { recursive: true });
  const host = f.embeddedDns ? '' : await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  await Promise.all([
    writeFile(join(dir, 'hostname'), `${f.hostname}\n`),
    writeFile(join(dir, 'hosts'), hostsFile(f)),
    writeFile(join(dir, 'resolv.conf'), resolvConf(f.embeddedDns, host)),
  ]);
}

export const removeSandboxFiles = (netns: string): Promise<void> =>
  rm(netnsEtc(netns), { recursive: true, force: true });
