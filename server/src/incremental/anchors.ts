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

function pinSpan(span: Span, anchors: readonly Anchor[]): Pin | undefined {
  for (const a of anchors) {
    const s = a.node.span;
    if (s.file === span.file && a.from <= span.start && span.end <= s.end) {
      return { node: a.node, start: span.start - s.start, end: span.end - s.start };
    }
  }
  return undefined;
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
