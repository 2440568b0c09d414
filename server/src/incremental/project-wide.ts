import type { Finding } from '@switchyard/core';
import type { ComposeProject, ServiceModel } from '../compose/project';
import type { PMap, PNode, Span } from '../yaml/tree';
import { MAX_FINDINGS_PER_RULE } from '../rules/rule';
import type { Rule } from '../rules/rule';
import { AnchorIndex, pinWith, unpin } from './anchors';
import type { Anchor, KeptFinding } from './anchors';
import type { Context } from './rule-inputs';
import { networkAnchors } from './networks';
import { readsText } from './reads';

/**
 * The services of one analysis as the rules over the whole project saw them: each service's model and its
 * bodies in the files. Shared by every rule that ran (or was found unchanged) in that analysis.
 */
interface Snapshot {
  services: readonly ServiceModel[];
  bodies: readonly (readonly PMap[])[];
  /** `readsText` of a service of this snapshot, by the rule's `reads` list: computed when first compared. */
  texts: Map<readonly string[], Map<number, string>>;
}

/** A rule's findings over the whole project, valid for `snapshot` in its context. */
interface WideRecord {
  snapshot: Snapshot;
  kept: KeptFinding[];
  /** The service bodies the kept findings are pinned to: a finding in a changed body is not moved, but found again. */
  pinned: Set<PNode>;
}

const records = new WeakMap<Context, Map<Rule, WideRecord>>();

/** How much work the last analysis did: for the benchmark, never for behaviour. */
export const lastProjectWide = { rules: 0, run: 0, ran: [] as string[] };

/**
 * Findings of rules that read the whole project but declare what they read of each service
 * (`Rule.reads`). Such a rule's findings are taken from the last analysis while the context is the same
 * (networks, other sections, host, files: context.ts), the services are the same names in the same order
 * with the same profiles, replicas and enabled flag, and every service that changed (its merged body or a
 * body in the files is a new object) has the same `readsText` for the rule's paths as before. So a
 * keystroke in an address re-runs the address rules, not the port or reference rules, and the other way
 * round. `run` is called per rule in rule order; `undefined` means the rule does not declare its reads.
 */
export class ProjectWide {
  private readonly snapshot: Snapshot;
  private readonly kept: Map<Rule, WideRecord>;
  /** Per earlier snapshot: the indices of services that changed since, or null when the list changed. */
  private readonly diffs = new Map<Snapshot, number[] | null>();
  private anchors: AnchorIndex | undefined;

  constructor(
    private readonly project: ComposeProject,
    context: Context,
    bodies: readonly (readonly PMap[])[],
    /** False for a one-shot analysis: every rule runs and nothing is kept. */
    private readonly keep = true,
  ) {
    this.snapshot = { services: project.services, bodies, texts: new Map() };
    let mine = keep ? records.get(context) : new Map<Rule, WideRecord>();
    if (mine === undefined) records.set(context, (mine = new Map()));
    this.kept = mine;
    lastProjectWide.rules = 0;
    lastProjectWide.run = 0;
    lastProjectWide.ran = [];
  }

  /**
   * The rule's findings: kept ones when nothing it reads changed, else from `run` (which runs the rule
   * over the whole project and reports what it found, or returns false when it crashed). At most
   * MAX_FINDINGS_PER_RULE are built into the answer; the rest are only counted (`beyond`), and a rule
   * that found more is not kept (it runs again next time): 640,000 undefined networks in one service
   * kept every finding, pinned, for the next keystroke (issue 12).
   */
  findings(
    rule: Rule,
    run: (report: (f: Finding<Span>) => void) => boolean,
  ): { found: Finding<Span>[]; beyond: number } {
    const raw: Finding<Span>[] = [];
    let beyond = 0;
    const into = (f: Finding<Span>) => {
      if (raw.length < MAX_FINDINGS_PER_RULE) raw.push(f);
      else beyond++;
    };
    const reads = rule.reads;
    if (reads === undefined || !this.keep) {
      run(into);
      return { found: raw, beyond };
    }
    lastProjectWide.rules++;
    const rec = this.kept.get(rule);
    if (rec !== undefined && this.unchanged(rec, reads)) {
      rec.snapshot = this.snapshot;
      return { found: rec.kept.map(unpin), beyond: 0 };
    }
    lastProjectWide.run++;
    lastProjectWide.ran.push(rule.id);
    if (!run(into) || beyond > 0) {
      this.kept.delete(rule);
      return { found: raw, beyond };
    }
    const kept: KeptFinding[] = [];
    const pinned = new Set<PNode>();
    if (raw.length > 0) this.anchors ??= new AnchorIndex(this.allAnchors());
    for (const f of raw) {
      const k = this.anchors === undefined ? undefined : pinWith(f, this.anchors);
      if (k === undefined) {
        // Not in a service's or a network's body: handed out as found, and the rule runs again next time.
        this.kept.delete(rule);
        return { found: raw, beyond };
      }
      kept.push(k);
      if (k.at !== null) pinned.add(k.at.node);
      for (const r of k.related) pinned.add(r.node);
    }
    this.kept.set(rule, { snapshot: this.snapshot, kept, pinned });
    return { found: kept.map((k) => k.finding), beyond };
  }

  private unchanged(rec: WideRecord, reads: readonly string[]): boolean {
    const changed = this.changedSince(rec.snapshot);
    if (changed === null) return false;
    const before = rec.snapshot;
    const now = this.snapshot;
    for (const i of changed) {
      for (const b of before.bodies[i] ?? []) if (rec.pinned.has(b)) return false;
      if (textOf(before, i, reads) !== textOf(now, i, reads)) return false;
    }
    return true;
  }

  private changedSince(before: Snapshot): number[] | null {
    if (before === this.snapshot) return [];
    let diff = this.diffs.get(before);
    if (diff !== undefined) return diff;
    diff = changedServices(before, this.snapshot);
    this.diffs.set(before, diff);
    return diff;
  }

  private allAnchors(): Anchor[] {
    const out = networkAnchors(this.project);
    const { services, bodies } = this.snapshot;
    services.forEach((svc, i) => {
      for (const body of bodies[i] ?? []) out.push(bodyAnchor(this.project, svc, body));
    });
    return out;
  }
}

/**
 * A service body pinned from its key's line, so a finding on the service's key is in it too. The key is the
 * nearest one above the body: a service key written twice has a span for each, and an anchor reaching back
 * to the first would hold the other body's text (its spans then moved with the wrong body).
 */
export function bodyAnchor(project: ComposeProject, svc: ServiceModel, body: PMap): Anchor {
  let key: Span | undefined;
  for (const k of svc.keySpans)
    if (k.file === body.span.file && k.start <= body.span.start && (key === undefined || k.start > key.start))
      key = k;
  const span = key ?? body.span;
  const text = project.sources.get(span.file)?.text ?? '';
  return { node: body, from: text.lastIndexOf('\n', span.start - 1) + 1 };
}

/** The services whose model or bodies are not the same objects; null when names or order differ. */
function changedServices(a: Snapshot, b: Snapshot): number[] | null {
  if (a.services.length !== b.services.length) return null;
  const out: number[] = [];
  for (let i = 0; i < a.services.length; i++) {
    const x = a.services[i];
    const y = b.services[i];
    if (x === undefined || y === undefined) return null;
    // The same model (the loader hands back an unchanged service's model) has the same name and flags; this
    // loop runs over every service on every keystroke, so it makes no closure per service.
    if (x !== y && !sameIdentity(x, y)) return null;
    const bx = a.bodies[i];
    const by = b.bodies[i];
    if (x.node !== y.node || (bx !== by && !sameItems(bx ?? [], by ?? []))) out.push(i);
  }
  return out;
}

function sameIdentity(x: ServiceModel, y: ServiceModel): boolean {
  return (
    x.name === y.name &&
    x.enabled === y.enabled &&
    x.replicas === y.replicas &&
    sameItems(x.profiles, y.profiles)
  );
}

/** The same items in the same order (by identity), without a closure: run per service on every keystroke. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

/** What the rule reads of service `i` of a snapshot: the merged body, then each body in the files. */
function textOf(s: Snapshot, i: number, reads: readonly string[]): string {
  let byService = s.texts.get(reads);
  if (byService === undefined) s.texts.set(reads, (byService = new Map()));
  let text = byService.get(i);
  if (text === undefined) {
    const svc = s.services[i];
    const parts = [readsText(svc?.node, reads)];
    for (const body of s.bodies[i] ?? []) parts.push(readsText(body, reads));
    text = parts.join('\u0003');
    byService.set(i, text);
  }
  return text;
}
