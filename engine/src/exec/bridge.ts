import { z } from 'zod';
import type { Command, Runner } from './command';
import { check } from './command';
import { IP_SESSION_IDLE_MS, batchText, bridgeSession } from './ip';
import type { BatchLine } from './ip';

/**
 * `bridge -batch -` (FDB entries: `ip` has no `fdb` verb). Without `-force` it is answered by a long-lived
 * `bridge` session, as `ip` batches are (no fork and exec on the path of an overlay peer's arrival): the
 * session's end line `vlan show dev lo` prints its `port  vlan-id` header and nothing else. With `-force`
 * (teardown and reconcile go past an entry that is already gone, writing to stderr) it is a process of
 * its own, since a session reads anything on stderr as a failed job.
 */
export function bridgeBatch(lines: readonly BatchLine[], force = false, netns?: string): Command {
  const argv = ['bridge', ...(netns ? ['-n', netns] : []), ...(force ? ['-force'] : []), '-batch', '-'];
  // `bridge -batch` reads lines as `ip -batch` does: the same checked lines, the same checks.
  if (force) return { argv, stdin: batchText(lines) };
  const session = {
    key: bridgeSession(netns),
    end: 'vlan show dev lo',
    mark: 'port',
    idleMs: IP_SESSION_IDLE_MS,
  };
  return { argv, stdin: batchText(lines), session };
}

const FdbSchema = z.array(
  z.looseObject({ mac: z.string(), dst: z.string().optional(), flags: z.array(z.string()).default([]) }),
);
const NeighSchema = z.array(
  z.looseObject({ dst: z.string(), lladdr: z.string().optional(), state: z.array(z.string()).default([]) }),
);

/** The device's own FDB entries that send to a remote VTEP (`bridge -j fdb show dev X`, `dst` set). */
export async function listRemoteFdb(r: Runner, dev: string): Promise<{ mac: string; dst: string }[]> {
  const { stdout } = await check(r, { argv: ['bridge', '-j', 'fdb', 'show', 'dev', dev] });
  const rows = FdbSchema.parse(JSON.parse(stdout.trim() || '[]'));
  return rows.flatMap((e) => (e.dst && e.mac !== '00:00:00:00:00:00' ? [{ mac: e.mac, dst: e.dst }] : []));
}

/** Permanent neighbour entries of a device (`ip -j neigh show dev X nud permanent`). */
export async function listPermanentNeigh(r: Runner, dev: string): Promise<{ ip: string; mac: string }[]> {
  const { stdout } = await check(r, { argv: ['ip', '-j', 'neigh', 'show', 'dev', dev, 'nud', 'permanent'] });
  const rows = NeighSchema.parse(JSON.parse(stdout.trim() || '[]'));
  return rows.flatMap((n) => (n.lladdr ? [{ ip: n.dst, mac: n.lladdr }] : []));
}
