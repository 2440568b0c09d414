import { NodeMemo } from '@switchyard/core';
import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject, ServiceModel } from '../compose/project';
import { entry, get, isMap } from '../yaml/tree';
import type { PMap, PNode, Span } from '../yaml/tree';
import { pushTo } from '../rules/compose/network-facts';
import { RecentByProject } from '../rules/compose/cache';
import type { Rule } from '../rules/rule';
import { findHolder, pinInto, runPinned, unpin } from './anchors';
import type { Anchor, KeptFinding } from './anchors';
import type { Context, ScopedRules } from './rule-inputs';
import { networkAnchors } from './networks';
import { bodyAnchor, sameItems } from './project-wide';
import { serviceView, ServiceIndex } from './view';

/** What the service-scope rules found about one service, kept while nothing they read has changed. */
interface ServiceRecord {
  context: Context;
  name: string;
  enabled: boolean;
  replicas: number;
  profiles: string[];
  /** The service's own bodies in the files, by identity (the merged body is the map key). */
  bodies: PMap[];
  /** Per rule, in the order of the rule list. */
  kept: KeptFinding[][];
  /** No rule found anything (most services, most of the time): nothing to hand out. */
  clean: boolean;
}

const records = new NodeMemo<PMap, ServiceRecord>();

/** How much work the last call did: for the benchmark, never for behaviour. */
export interface ServiceScopeStats {
  services: number;
  /** Services whose rules ran (the rest were taken from the previous analysis). */
  checked: number;
}
export const lastServiceScope: ServiceScopeStats = { services: 0, checked: 0 };

/**
 * The findings of the rules of scope `service`, per rule in service order. A service's findings are taken
 * from the previous analysis when its merged body and its bodies in the files are the same objects (the
 * editor's parse cache hands back an unchanged body as the same object), its name, profiles and replicas
 * are the same, and so is the project's context (context.ts: networks, host, files, other sections). Only
 * the services an edit touched are checked again, each on a view of the project holding only it.
 */
export function serviceScopeFindings(run: ScopedRules): Finding<Span>[][] {
  const { project, host, rules, context, bodies, onCrash } = run;
  const out: Finding<Span>[][] = rules.map(() => []);
  if (rules.length === 0) return out;
  const crashed = new Set<Rule>();
  const once = (rule: Rule, error: unknown) => {
    if (!crashed.has(rule)) onCrash(rule, error);
    crashed.add(rule);
  };
  const services = project.services;
  if (!run.keep) return oneShot(run, once);
  const recs: (ServiceRecord | undefined)[] = services.map((svc, i) => {
    const rec = records.get(svc.node);
    return rec !== undefined && valid(rec, context, svc, bodies[i] ?? []) ? rec : undefined;
  });
  const stale = recs.filter((r) => r === undefined).length;
  lastServiceScope.services = services.length;
  lastServiceScope.checked = stale;
  // Most services to check (a first analysis, a changed network): one run per rule over the whole project,
  // split by service, is cheaper than a view per service.
  const cold = stale >= COLD_MIN && stale * 4 >= services.length;
  const whole = cold ? splitWhole(project, host, rules, bodies, once) : undefined;
  let index: ServiceIndex | undefined;
  let networks: Anchor[] | undefined;
  services.forEach((svc, i) => {
    let rec = recs[i];
    if (rec === undefined) {
      const mine = bodies[i] ?? [];
      const given = whole === undefined ? undefined : rules.map((_, r) => whole(i, r));
      index ??= new ServiceIndex();
      networks ??= networkAnchors(project);
      rec = check(project, svc, mine, context, host, rules, index, networks, once, given);
    }
    if (rec.clean) return;
    for (let r = 0; r < rules.length; r++) {
      const list = out[r];
      for (const k of rec.kept[r] ?? []) list?.push(unpin(k));
    }
  });
  return out;
}

/**
 * `serviceScopeFindings` for an analysis that keeps nothing: the same runs (the whole project split by
 * service from COLD_MIN services on, else a view per service), their findings handed out as reported.
 */
function oneShot(run: ScopedRules, onCrash: (rule: Rule, error: unknown) => void): Finding<Span>[][] {
  const { project, host, rules, bodies } = run;
  const services = project.services;
  const out: Finding<Span>[][] = rules.map(() => []);
  lastServiceScope.services = services.length;
  lastServiceScope.checked = services.length;
  const whole = services.length >= COLD_MIN ? splitWhole(project, host, rules, bodies, onCrash) : undefined;
  let index: ServiceIndex | undefined;
  services.forEach((svc, i) => {
    let view: ComposeProject | undefined;
    for (let r = 0; r < rules.length; r++) {
      const list = out[r];
      const rule = rules[r];
      if (list === undefined || rule === undefined) continue;
      const known = whole?.(i, r);
      if (known !== undefined) {
        for (const f of known) list.push(f);
        continue;
      }
      view ??= serviceView(project, svc, (index ??= new ServiceIndex()));
      try {
        rule.run({ project: view, host, report: (f) => list.push(f) });
      } catch (error) {
        onCrash(rule, error);
      }
    }
  });
  return out;
}

/** From this many services to check on, and a quarter of the project, rules run once on the whole project. */
const COLD_MIN = 16;

/**
 * Each rule's findings on the whole project, by the service whose own text holds them (its key or one of
 * its bodies in the files). A service that `extends` another is left out of that run and checked on its
 * view: what it inherited is reported in the other service's text. A rule whose finding no service owns, or
 * that crashed, is left undefined: its services are then checked on their views too.
 */
function splitWhole(
  project: ComposeProject,
  host: HostSnapshot | null,
  rules: readonly Rule[],
  bodies: PMap[][],
  onCrash: (rule: Rule, error: unknown) => void,
): (service: number, rule: number) => Finding<Span>[] | undefined {
  const extending = bodies.map((list) => list.some((b) => entry(b, 'extends') !== undefined));
  // The project itself when no service extends another: a copy would miss every cache keyed by the project
  // (the port and address models), and the rules after this run would build them all a second time.
  const without: ComposeProject = extending.includes(true)
    ? { ...project, services: project.services.filter((_, i) => !extending[i]) }
    : project;
  // Built on the first finding: most rules find nothing, and it holds a range per service and body.
  let owner: ((span: Span) => number | undefined) | undefined;
  // Per rule, the findings by service (few services have any); undefined when the rule must use the views.
  const byRule = rules.map((rule) => {
    const found = new Map<number, Finding<Span>[]>();
    let owned = true;
    try {
      rule.run({
        project: without,
        host,
        report: (f) => {
          const i = (owner ??= ownerLookup(project, bodies))(f.at);
          if (i === undefined) owned = false;
          else if (!extending[i]) pushTo(found, i, f);
        },
      });
    } catch (error) {
      onCrash(rule, error);
      return undefined;
    }
    return owned ? found : undefined;
  });
  return (i, r) => {
    const found = byRule[r];
    return found === undefined || extending[i] ? undefined : (found.get(i) ?? NONE);
  };
}

const NONE: Finding<Span>[] = [];
/** The kept findings of a clean service, shared by all of them (never appended to). */
const NOTHING_KEPT: KeptFinding[][] = [];

function valid(rec: ServiceRecord, context: Context, svc: ServiceModel, bodies: PMap[]): boolean {
  return (
    rec.context === context &&
    rec.name === svc.name &&
    rec.enabled === svc.enabled &&
    rec.replicas === svc.replicas &&
    sameItems(rec.profiles, svc.profiles) &&
    sameItems(rec.bodies, bodies)
  );
}

/**
 * Runs the rules on the service's view (or takes what the whole project's run found for it, `given` per
 * rule); keeps the result unless a finding could not be pinned or a rule crashed. */
function check(
  project: ComposeProject,
  svc: ServiceModel,
  bodies: PMap[],
  context: Context,
  host: HostSnapshot | null,
  rules: readonly Rule[],
  index: ServiceIndex,
  networks: Anchor[],
  onCrash: (rule: Rule, error: unknown) => void,
  given: (Finding<Span>[] | undefined)[] = [],
): ServiceRecord {
  const record = (kept: KeptFinding[][], clean: boolean): ServiceRecord => ({
    context,
    name: svc.name,
    enabled: svc.enabled,
    replicas: svc.replicas,
    profiles: svc.profiles,
    bodies,
    kept,
    clean,
  });
  // A first analysis finds nothing about most services: keep that without a list per rule.
  if (given.length === rules.length && given.every((g) => g !== undefined && g.length === 0)) {
    const rec = record(NOTHING_KEPT, true);
    records.set(svc.node, rec);
    return rec;
  }
  let view: ComposeProject | undefined;
  const anchors = [...serviceAnchors(project, svc, bodies), ...networks];
  let keep = true;
  const kept = rules.map((rule, r) => {
    const known = given[r];
    let out: { found: KeptFinding[]; complete: boolean };
    if (known !== undefined) {
      out = { found: [], complete: true };
      for (const f of known) pinInto(out, f, anchors);
    } else {
      out = runPinned(rule, { project: (view ??= serviceView(project, svc, index)), host }, anchors, onCrash);
    }
    keep &&= out.complete;
    return out.found;
  });
  const rec = record(
    kept,
    kept.every((list) => list.length === 0),
  );
  // A finding that could not be pinned (or a crash) means this service is checked again next time.
  if (keep) records.set(svc.node, rec);
  else records.delete(svc.node);
  return rec;
}

/** The service's bodies, each from its key's line: what its findings are pinned to, besides the networks. */
function serviceAnchors(project: ComposeProject, svc: ServiceModel, bodies: PMap[]): Anchor[] {
  return bodies.map((body) => bodyAnchor(project, svc, body));
}

/** Which service's own text (its key, or one of its bodies in the files) holds a span. */
function ownerLookup(project: ComposeProject, bodies: PMap[][]): (span: Span) => number | undefined {
  // The ranges as three typed arrays and, per file, their numbers sorted by start: a range object per key
  // and body was 17 MB at 136,000 services (issue 12).
  let count = 0;
  project.services.forEach((svc, i) => (count += svc.keySpans.length + (bodies[i]?.length ?? 0)));
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const owners = new Int32Array(count);
  const byFile = new Map<string, number[]>();
  let n = 0;
  const add = (s: Span, service: number) => {
    starts[n] = s.start;
    ends[n] = s.end;
    owners[n] = service;
    const list = byFile.get(s.file);
    if (list) list.push(n);
    else byFile.set(s.file, [n]);
    n++;
  };
  project.services.forEach((svc, i) => {
    for (const k of svc.keySpans) add(k, i);
    for (const b of bodies[i] ?? []) add(b.span, i);
  });
  for (const list of byFile.values()) list.sort((a, b) => (starts[a] ?? 0) - (starts[b] ?? 0));
  return (span) => {
    const list = byFile.get(span.file);
    if (list === undefined) return undefined;
    // Ranges of different services do not overlap.
    const r = findHolder(
      list,
      span.start,
      (k) => starts[k] ?? 0,
      (k) => span.end <= (ends[k] ?? 0),
    );
    return r === undefined ? undefined : owners[r];
  };
}

/**
 * `ownBodies` (rules/compose/files.ts) of every service, from one pass over each file's `services`
 * instead of one lookup per service and file. `keep`: a one-body list is remembered per body for the next
 * analysis.
 */
export function ownBodiesOfAll(project: ComposeProject, keep = true): PMap[][] {
  const byFile = new Map<string, PNode | null | undefined>();
  const servicesOf = (file: string): PNode | null | undefined => {
    if (!byFile.has(file)) byFile.set(file, get(project.sources.get(file)?.root, 'services'));
    return byFile.get(file);
  };
  // A model the loader handed back from the last load (build-models.ts) was built from the same bodies:
  // it is kept by its body in the merged tree, which is kept by the pair of file bodies merged (merge.ts),
  // and only while its keys are in the same places. So its bodies in the files are those of the last
  // analysis, and a keystroke looks none of them up again.
  const last = keep ? lastBodies.get(project) : undefined;
  const out = project.services.map((svc, i) => {
    if (last !== undefined && last.services[i] === svc) return last.bodies[i] ?? [];
    // Most services are written once: their body's one-body list, with no list made to find it.
    const [first] = svc.keySpans;
    if (svc.keySpans.length === 1 && first !== undefined) {
      const body = get(servicesOf(first.file), svc.name);
      // A list of one made as a literal (a pushed one keeps room for 16 more: about 130 bytes a service).
      return isMap(body) ? (keep ? oneBodyList(body) : [body]) : NO_BODIES;
    }
    const out: PMap[] = [];
    for (const ks of svc.keySpans) {
      // The last entry of a name wins, as `at()` reads it (through the map's key index: no map of our
      // own per file); one that is not a mapping is no body.
      const body = get(servicesOf(ks.file), svc.name);
      if (isMap(body)) out.push(body);
    }
    return keep ? single(out) : out;
  });
  if (keep) lastBodies.set(project, { services: project.services, bodies: out });
  return out;
}

/** Each project's service models and their bodies in the files, from its last analysis. */
const lastBodies = new RecentByProject<{ services: readonly ServiceModel[]; bodies: PMap[][] }>();

/**
 * A service written in one file (most are) gets the same one-body list on every analysis while its body is
 * the same object, so a keystroke does not allocate a list per service. Lists are never changed.
 */
function single(bodies: PMap[]): PMap[] {
  const [only] = bodies;
  return bodies.length !== 1 || only === undefined ? bodies : oneBodyList(only);
}

function oneBodyList(body: PMap): PMap[] {
  let list = oneBody.get(body);
  if (list === undefined) oneBody.set(body, (list = [body]));
  return list;
}

const oneBody = new WeakMap<PMap, PMap[]>();

/** Shared by the services without a body in the files; nothing appends to it. */
const NO_BODIES: PMap[] = [];
