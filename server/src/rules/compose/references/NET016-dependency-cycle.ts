import type { Rule } from '../../rule';
import type { Dependency } from './services';
import { dependenciesOf } from './services';
import { REFERENCE_READS } from '../../reads';

/**
 * A dependency cycle through `depends_on`, `links` and `network_mode: service:` (each becomes depends_on).
 * One finding per strongly connected group, naming the cycle as compose-go does (from the first name in order).
 */
export const NET016: Rule = {
  id: 'NET016',
  title: 'Dependency cycle',
  reads: REFERENCE_READS,
  run({ project, report }) {
    // Only services that depend on something can be on a cycle (one without dependencies is never walked
    // from), so only they get an entry: no set or map of all 136,000 names when none has any.
    const withDeps = project.services.filter((s) => s.enabled && dependenciesOf(s).length > 0);
    if (withDeps.length === 0) return;
    const enabled = new Set(project.services.filter((s) => s.enabled).map((s) => s.name));
    const edges = new Map<string, Dependency[]>();
    for (const svc of withDeps)
      edges.set(
        svc.name,
        dependenciesOf(svc).filter((d) => enabled.has(d.to)),
      );
    for (const group of stronglyConnected(edges)) {
      const cycle = shortestCycle(group, edges);
      if (!cycle) continue;
      const names = [...cycle.map((d) => d.from), cycle[0]?.from ?? ''];
      const [first, ...rest] = cycle;
      if (!first) continue;
      report({
        code: 'NET016',
        severity: 'error',
        message: `dependency cycle detected: ${names.join(' -> ')}; remove one of these dependencies`,
        at: first.span,
        related: rest.map((d) => ({ at: d.span, message: `${d.from} depends on ${d.to} (${d.via})` })),
      });
    }
  },
};

/**
 * Tarjan's algorithm with an explicit stack (a chain of 50,000 `depends_on` overflowed the call stack when it
 * recursed); groups that can reach themselves only, in the order the recursive form finds them.
 */
function stronglyConnected(edges: Map<string, Dependency[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  /** The walk: each node being visited and how far along its dependencies it is. */
  const frames: { v: string; deps: Dependency[]; next: number }[] = [];
  const enter = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    frames.push({ v, deps: edges.get(v) ?? [], next: 0 });
  };
  const lower = (v: string, to: number | undefined): void => {
    low.set(v, Math.min(low.get(v) ?? 0, to ?? 0));
  };
  for (const [root, deps] of edges) {
    // A service that depends on nothing is a group of its own, never reported: it is not walked from
    // (nor numbered) unless another one reaches it, and the groups found are the same, in the same order.
    if (deps.length === 0 || index.has(root)) continue;
    enter(root);
    while (frames.length > 0) {
      const top = frames[frames.length - 1] as (typeof frames)[number];
      const d = top.deps[top.next++];
      if (d !== undefined) {
        if (!index.has(d.to)) enter(d.to);
        else if (onStack.has(d.to)) lower(top.v, index.get(d.to));
        continue;
      }
      frames.pop();
      const v = top.v;
      const parent = frames[frames.length - 1];
      if (parent !== undefined) lower(parent.v, low.get(v));
      if (low.get(v) !== index.get(v)) continue;
      const group: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      const selfLoop = top.deps.some((dep) => dep.to === v);
      if (group.length > 1 || selfLoop) out.push(group);
    }
  }
  return out;
}

/** The shortest cycle through the group's first name (sorted), as the list of edges walked. */
function shortestCycle(group: string[], edges: Map<string, Dependency[]>): Dependency[] | undefined {
  const members = new Set(group);
  const start = [...group].sort()[0];
  if (start === undefined) return undefined;
  const via = new Map<string, Dependency>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i] ?? '';
    for (const d of edges.get(v) ?? []) {
      if (!members.has(d.to)) continue;
      if (d.to === start) return [...pathTo(v, via), d];
      if (via.has(d.to)) continue;
      via.set(d.to, d);
      queue.push(d.to);
    }
  }
  return undefined;
}

function pathTo(v: string, via: Map<string, Dependency>): Dependency[] {
  const out: Dependency[] = [];
  for (let d = via.get(v); d; d = via.get(d.from)) out.unshift(d);
  return out;
}
