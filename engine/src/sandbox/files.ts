import type { Runner } from '../exec/command';
import { check } from '../exec/command';
import {
  hostResolvRead,
  netnsDirList,
  netnsDirMake,
  netnsDirRemove,
  netnsFileWrite,
} from '../exec/etc-files';

/*
 * `/etc/netns/<ns>/{hostname,hosts,resolv.conf}`: `ip netns exec` bind-mounts these over /etc in the
 * namespace, so a process in the sandbox sees its own files.
 */

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
 * Through the runner (exec/etc-files.ts): the local runner writes them in-process (small page-cache writes,
 * no fsync: reconcile rewrites them at start), so a connect's process spawn does not wait behind a dozen
 * event-loop turns of async writes; a fake runner records them. The host's resolv.conf is read only when the
 * sandbox does not use the embedded DNS.
 */
export async function writeSandboxFiles(runner: Runner, netns: string, f: SandboxFiles): Promise<void> {
  const read = f.embeddedDns ? undefined : await runner.run(hostResolvRead());
  const host = read?.exitCode === 0 ? read.stdout : '';
  await check(runner, netnsDirMake(netns));
  await check(runner, netnsFileWrite(netns, 'hostname', `${f.hostname}\n`));
  await check(runner, netnsFileWrite(netns, 'hosts', hostsFile(f)));
  await check(runner, netnsFileWrite(netns, 'resolv.conf', resolvConf(f.embeddedDns, host)));
}

/** Removes `/etc/netns/<ns>`; one that is already gone is fine. */
export async function removeSandboxFiles(runner: Runner, netns: string): Promise<void> {
  await check(runner, netnsDirRemove(netns));
}

/** The names under /etc/netns (none when it does not exist). */
export async function listSandboxFileDirs(runner: Runner): Promise<string[]> {
  const res = await runner.run(netnsDirList());
  return res.exitCode === 0 ? res.stdout.split('\n').filter(Boolean) : [];
}
