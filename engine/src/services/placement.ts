import { hostModePending } from '@switchyard/core';
import type { TaskRow } from '../cluster/service-records';

/** A host a replica may go to: its advertise address and its `node ls` name. */
export interface Candidate {
  address: string;
  name: string;
}

/** `host==NAME` / `host!=NAME` (or Docker's `node.hostname`), NAME a host's name or its address. */
export function satisfies(constraints: readonly string[], h: Candidate): boolean {
  return constraints.every((c) => {
    const m = /^\s*(?:host|node\.hostname)\s*(==|!=)\s*(\S+)\s*$/.exec(c);
    if (!m) return false;
    const same = h.name === m[2] || h.address === m[2];
    return m[1] === '==' ? same : !same;
  });
}

/**
 * Spread, as swarm's scheduler: each new slot goes to the fitting host with the fewest replicas of this
 * service, then the fewest replicas of all services, then the lowest address (so every host computes the
 * same answer). A service with host-mode ports takes one replica per host at most (the port is the host's).
 * A slot no host fits stays unplaced, with swarm's reason: it is placed when a host that fits appears.
 */
export function place(
  slots: readonly number[],
  hosts: readonly Candidate[],
  placed: readonly TaskRow[],
  load: ReadonlyMap<string, number>,
  opts: { constraints: readonly string[]; hostPorts: boolean },
): TaskRow[] {
  const fit = hosts.filter((h) => satisfies(opts.constraints, h));
  const mine = new Map<string, number>();
  for (const t of placed) if (t.host) mine.set(t.host, (mine.get(t.host) ?? 0) + 1);
  const total = new Map(load);
  const out: TaskRow[] = [];
  for (const slot of slots) {
    const open = opts.hostPorts ? fit.filter((h) => !mine.get(h.address)) : fit;
    if (open.length === 0) {
      const why =
        fit.length === 0
          ? `no suitable node (scheduling constraints not satisfied on ${hosts.length} node${hosts.length === 1 ? '' : 's'})`
          : hostModePending(fit.length);
      out.push({ slot, host: '', why });
      continue;
    }
    const best = [...open].sort(
      (a, b) =>
        (mine.get(a.address) ?? 0) - (mine.get(b.address) ?? 0) ||
        (total.get(a.address) ?? 0) - (total.get(b.address) ?? 0) ||
        a.address.localeCompare(b.address),
    )[0] as Candidate;
    mine.set(best.address, (mine.get(best.address) ?? 0) + 1);
    total.set(best.address, (total.get(best.address) ?? 0) + 1);
    out.push({ slot, host: best.address });
  }
  return out;
}
