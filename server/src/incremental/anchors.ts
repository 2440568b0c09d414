import type { Finding } from '@switchyard/core';
import type { PNode, Span } from '../yaml/tree';
import type { Rule, RuleContext } from '../rules/rule';

/**
 * A place a kept finding can be pinned to: a parsed body (a service's or a network's) that the editor's
 * parse cache hands back as the same object while its text is unchanged, moving its spans in place when
 * text above it grows or shrinks (reparse.ts). `from` is where its entry's line starts, so the key is in.
 */
export interface Anchor {
  node: PNode;
  from: number;
}

/** A span as an offset from an anchor's body: valid for as long as that body object is handed back. */
interface Pin {
  node: PNode;
  start: number;
  end: number;
}

/**
 * A finding kept across edits: a copy (its spans are not the tree's) and its spans pinned to anchors; `at`
 * is null for a finding handed out once as it was reported (it could not be pinned).
 */
export interface KeptFinding {
  finding: Finding<Span>;
  at: Pin | null;
  related: Pin[];
}

/**
 * Pins a finding's spans to the anchors that contain them; undefined when one lies in none (then the
 * finding cannot follow an edit that moves text, and whoever keeps findings must recompute them instead).
 */
export function pin(f: Finding<Span>, anchors: readonly Anchor[]): KeptFinding | undefined {
  return pinWith(f, { find: (span) => anchors.find((a) => holds(a, span)) });
}

/** `pin` with a way to find the anchor that holds a span (AnchorIndex for many anchors). */
export function pinWith(
  f: Finding<Span>,
  anchors: { find(span: Span): Anchor | undefined },
): KeptFinding | undefined {
  const at = pinSpan(f.at, anchors);
  if (at === undefined) return undefined;
  const related: Pin[] = [];
  for (const r of f.related ?? []) {
    const p = pinSpan(r.at, anchors);
    if (p === undefined) return undefined;
    related.push(p);
  }
  return { finding: materialize(f, at, related), at, related };
}

/**
 * Anchors that do not overlap within a file (bodies of different services and networks), sorted, so the
 * one holding a span is found by binary search: the rules over the whole project pin to every service.
 */
export class AnchorIndex {
  private readonly byFile = new Map<string, Anchor[]>();

  constructor(anchors: readonly Anchor[]) {
    for (const a of anchors) {
      const list = this.byFile.get(a.node.span.file);
      if (list) list.push(a);
      else this.byFile.set(a.node.span.file, [a]);
    }
    for (const list of this.byFile.values()) list.sort((x, y) => x.from - y.from);
  }

  find(span: Span): Anchor | undefined {
    const list = this.byFile.get(span.file);
    return list === undefined
      ? undefined
      : findHolder(
          list,
          span.start,
          (a) => a.from,
          (a) => holds(a, span),
        );
  }
}

/**
 * In `list`, sorted by where its ranges start, the one that holds an offset: of the last ranges starting
 * at or before it, by binary search. Ranges do not overlap, but a few may start at the same offset (the
 * bodies of one flow mapping's line), so the two before are checked too.
 */
export function findHolder<T>(
  list: readonly T[],
  offset: number,
  startOf: (item: T) => number,
  holds: (item: T) => boolean,
): T | undefined {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = list[mid];
    if (item !== undefined && startOf(item) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let j = found; j >= 0 && j >= found - 2; j--) {
    const item = list[j];
    if (item !== undefined && holds(item)) return item;
  }
  return undefined;
}

function holds(a: Anchor, span: Span): boolean {
  const s = a.node.span;
  return s.file === span.file && a.from <= span.start && span.end <= s.end;
}

/**
 * Runs one rule on `project` and pins what it reports to `anchors`. `complete` is false when a finding
 * could not be pinned or the rule crashed (`onCrash` is told): then the findings are handed out once, as
 * reported, and must not be kept for a later analysis.
 */
export function runPinned(
  rule: Rule,
  ctx: Omit<RuleContext, 'report'>,
  anchors: readonly Anchor[],
  onCrash: (rule: Rule, error: unknown) => void,
): { found: KeptFinding[]; complete: boolean } {
  const out = { found: [] as KeptFinding[], complete: true };
  try {
    rule.run({ ...ctx, report: (f) => pinInto(out, f, anchors) });
  } catch (error) {
    out.complete = false;
    onCrash(rule, error);
  }
  return out;
}

/** Adds one finding to what `runPinned` collects. */
export function pinInto(
  out: { found: KeptFinding[]; complete: boolean },
  f: Finding<Span>,
  anchors: readonly Anchor[],
): void {
  const k = pin(f, anchors);
  if (k === undefined) out.complete = false;
  out.found.push(k ?? { finding: f, at: null, related: [] });
}

/** The finding with its spans where its anchors are now: the kept copy itself when none of them moved. */
export function unpin(k: KeptFinding): Finding<Span> {
  const f = k.finding;
  if (k.at === null) return f;
  if (!moved(f.at, k.at) && k.related.every((p, i) => !moved(f.related?.[i]?.at, p))) return f;
  k.finding = materialize(f, k.at, k.related);
  return k.finding;
}

function pinSpan(span: Span, anchors: { find(span: Span): Anchor | undefined }): Pin | undefined {
  const a = anchors.find(span);
  if (a === undefined) return undefined;
  const s = a.node.span;
  return { node: a.node, start: span.start - s.start, end: span.end - s.start };
}

function spanOf(p: Pin): Span {
  const s = p.node.span;
  return { file: s.file, start: s.start + p.start, end: s.start + p.end };
}

function moved(span: Span | undefined, p: Pin): boolean {
  return span === undefined || span.start !== p.node.span.start + p.start;
}

function materialize(f: Finding<Span>, at: Pin, related: Pin[]): Finding<Span> {
  const out: Finding<Span> = { ...f, at: spanOf(at) };
  if (f.related !== undefined) {
    out.related = f.related.map((r, i) => {
      const p = related[i];
      return p === undefined ? r : { ...r, at: spanOf(p) };
    });
  }
  return out;
}
