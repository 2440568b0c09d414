import type { ComposeProject } from '../compose/project';
import { get, isMap, isScalar, isSeq } from '../yaml/tree';
import type { PNode, Span } from '../yaml/tree';
import type { Located } from './locate';
import { keyAt, matches } from './locate';

/** A place where a network's key is written: its declaration or a service's reference to it. */
export interface NetworkOccurrence {
  name: string;
  /** The name's own text (inside quotes when quoted), which rename replaces. */
  span: Span;
  declaration: boolean;
  /** The service that refers to it, for references. */
  service?: string;
}

/**
 * Every occurrence of every network key in every file the project read (base, overrides, include and extends
 * targets), walked file by file rather than in the merged model: a merge keeps one copy of a repeated key,
 * and rename must change all of them.
 */
export function networkOccurrences(project: ComposeProject): NetworkOccurrence[] {
  const out: NetworkOccurrence[] = [];
  for (const src of project.sources.values()) {
    const nets = get(src.root, 'networks');
    if (isMap(nets))
      for (const e of nets.entries) out.push({ name: e.key, span: e.keySpan, declaration: true });
    const services = get(src.root, 'services');
    if (!isMap(services)) continue;
    for (const svc of services.entries)
      for (const r of serviceRefs(svc.key, get(svc.value, 'networks'))) out.push(r);
  }
  return out;
}

function serviceRefs(service: string, nets: PNode | null | undefined): NetworkOccurrence[] {
  if (isMap(nets)) {
    return nets.entries.map((e) => ({ name: e.key, span: e.keySpan, declaration: false, service }));
  }
  if (!isSeq(nets)) return [];
  return nets.items.flatMap((item) =>
    isScalar(item) && typeof item.value === 'string'
      ? [{ name: item.value, span: innerSpan(item.span, item.source), declaration: false, service }]
      : [],
  );
}

/** The span of a scalar's text without its quotes. */
function innerSpan(span: Span, source: string): Span {
  const quoted = span.end - span.start === source.length + 2;
  return quoted ? { file: span.file, start: span.start + 1, end: span.end - 1 } : span;
}

/** The network named at a cursor: a top-level key under `networks`, or a service's reference to one. */
export function networkNameAt(loc: Located): string | undefined {
  if (matches(loc, ['networks', '*']) && loc.onKey) return keyAt(loc, 1);
  if (matches(loc, ['services', '*', 'networks', '*']) && loc.onKey) return keyAt(loc, 3);
  if (matches(loc, ['services', '*', 'networks', '#'])) {
    const node = loc.steps[3]?.node;
    return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  }
  return undefined;
}
