import { z } from 'zod';
import type { Command, Runner } from './command';
import { check } from './command';
import { batchText } from './ip';
import type { BatchLine } from './ip';

/**
 * `bridge -batch -` (FDB entries: `ip` has no `fdb` verb): one process per change, `-force` so teardown
 * and reconcile go past an entry that is already gone.
 */
export function bridgeBatch(lines: readonly BatchLine[], force = false, netns?: string): Command {
  const argv = ['bridge', ...(netns ? ['-n', netns] : []), ...(force ? ['-force'] : []), '-batch', '-'];
  // `bridge -batch` reads lines as `ip -batch` does: the same checked lines, the same checks.
  return { argv, stdin: batchText(lines) };
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
