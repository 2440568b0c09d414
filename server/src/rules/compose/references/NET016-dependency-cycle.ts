import type { Rule } from '../../rule';
import type { Dependency } from './services';
import { dependenciesOf } from './services';

/**
 * A dependency cycle through `depends_on`, `links` and `network_mode: service:` (each becomes depends_on).
 * One finding per strongly connected group, naming the cycle as compose-go does (from the first name in order).
 */
export const NET016: Rule = {
  id: 'NET016',
  title: 'Dependency cycle',
  run({ project, report }) {
    const enabled = new Set(project.services.filter((s) => s.enabled).map((s) => s.name));
    const edges = new Map<string, Dependency[]>();
    for (const svc of project.services) {
      if (!enabled.has(svc.name)) continue;
      edges.set(
        svc.name,
        dependenciesOf(svc).filter((d) => enabled.has(d.to)),
      );
    }
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

/** Tarjan's algorithm, iterative enough for the project sizes we see; groups that can reach themselves only. */
function stronglyConnected(edges: Map<string, Dependency[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const d of edges.get(v) ?? []) {
      if (!index.has(d.to)) {
        visit(d.to);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(d.to) ?? 0));
      } else if (onStack.has(d.to)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(d.to) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    const selfLoop = (edges.get(v) ?? []).some((d) => d.to === v);
    if (group.length > 1 || selfLoop) out.push(group);
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
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
