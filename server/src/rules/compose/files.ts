import { dirname, resolve } from 'node:path';
import type { ComposeProject, ServiceModel } from '../../compose/project';
import { at, entry, get, isMap, isSeq, str } from '../../yaml/tree';
import type { PEntry, PMap, PNode, Span } from '../../yaml/tree';

/** Each compose file of the project with its own (unmerged) tree, once, in load order. */
export function fileRoots(project: ComposeProject): { file: string; root: PMap }[] {
  const seen = new Set<string>();
  const out: { file: string; root: PMap }[] = [];
  for (const file of project.files) {
    const root = project.sources.get(file)?.root;
    if (seen.has(file) || !root) continue;
    seen.add(file);
    out.push({ file, root });
  }
  return out;
}

/** Position of `file` in the project's load order (later files override earlier ones). */
export function fileIndex(project: ComposeProject, file: string): number {
  return project.files.indexOf(file);
}

export function contains(outer: Span, inner: Span): boolean {
  return outer.file === inner.file && outer.start <= inner.start && inner.end <= outer.end;
}

/** The service's own bodies, one per file that writes `services.<name>` (base first, then overrides). */
export function ownBodies(project: ComposeProject, svc: ServiceModel): PMap[] {
  const out: PMap[] = [];
  for (const ks of svc.keySpans) {
    const body = at(project.sources.get(ks.file)?.root, 'services', svc.name);
    if (isMap(body)) out.push(body);
  }
  return out;
}

/** True when `span` lies in a body the service writes itself (not one it inherited through `extends`). */
export function ownedBy(project: ComposeProject, svc: ServiceModel, span: Span): boolean {
  return ownBodies(project, svc).some((b) => contains(b.span, span));
}

/** The `extends` entry the service writes itself, or its key when the loader dropped it after merging. */
export function extendsSite(project: ComposeProject, svc: ServiceModel): { span: Span; base: string } {
  for (const body of ownBodies(project, svc).reverse()) {
    const e = entry(body, 'extends');
    if (!e) continue;
    const base = isMap(e.value) ? str(get(e.value, 'service')) : str(e.value);
    return { span: e.keySpan, base: base ?? '' };
  }
  const first = svc.keySpans[0] ?? { file: '', start: 0, end: 0 };
  return { span: first, base: '' };
}

/** Files a file pulls in with `include:`, resolved against its directory. */
export function includedFiles(file: string, root: PMap): string[] {
  const inc = get(root, 'include');
  if (!isSeq(inc)) return [];
  const dir = dirname(file);
  return inc.items.flatMap((item) => {
    const p = isMap(item) ? get(item, 'path') : item;
    const paths = isSeq(p) ? p.items.map((i) => str(i)) : [str(p)];
    // `path` is relative to the including file; `project_directory` only affects paths inside it.
    return paths.filter((s): s is string => s !== undefined).map((s) => resolve(dir, s));
  });
}

// Several rules walk the same per-file lists on every keystroke: each project reads them once.
const definitions = new WeakMap<ComposeProject, { file: string; entry: PEntry }[]>();
const networkBlocks = new WeakMap<ComposeProject, { file: string; service: string; entry: PEntry }[]>();

/** Every top-level network definition as each file writes it (before merge). Shared: do not modify. */
export function networkDefinitions(project: ComposeProject): { file: string; entry: PEntry }[] {
  let list = definitions.get(project);
  if (!list) definitions.set(project, (list = readNetworkDefinitions(project)));
  return list;
}

function readNetworkDefinitions(project: ComposeProject): { file: string; entry: PEntry }[] {
  return fileRoots(project).flatMap(({ file, root }) => {
    const nets = get(root, 'networks');
    return isMap(nets) ? nets.entries.map((e) => ({ file, entry: e })) : [];
  });
}

/** Every service's `networks` value as each file writes it (before merge). Shared: do not modify. */
export function serviceNetworkBlocks(
  project: ComposeProject,
): { file: string; service: string; entry: PEntry }[] {
  let list = networkBlocks.get(project);
  if (!list) networkBlocks.set(project, (list = readServiceNetworkBlocks(project)));
  return list;
}

function readServiceNetworkBlocks(
  project: ComposeProject,
): { file: string; service: string; entry: PEntry }[] {
  return fileRoots(project).flatMap(({ file, root }) => {
    const services = get(root, 'services');
    if (!isMap(services)) return [];
    return services.entries.flatMap((s) => {
      const e = entry(s.value, 'networks');
      return e ? [{ file, service: s.key, entry: e }] : [];
    });
  });
}

/**
 * Where to mark a value: a scalar or a flow collection (`[a]`, `{}`) is marked itself; a block collection spans
 * lines up to the next key, so its key is marked instead, as is a key written with no value (`ipam:`), whose
 * empty scalar has no width to show.
 */
export function spot(project: ComposeProject, node: PNode, keySpan: Span): Span {
  if (node.kind === 'scalar') return node.span.end > node.span.start ? node.span : keySpan;
  const first = project.sources.get(node.span.file)?.text.charAt(node.span.start);
  return first === '[' || first === '{' ? node.span : keySpan;
}

/**
 * The files the user named (`-f`, or compose.yaml + its override), as opposed to files pulled in by
 * `include` or `extends`. Uses the loader's origins when it records them.
 */
export function topLevelFiles(project: ComposeProject): Set<string> {
  if (project.origins) {
    return new Set([...project.origins].filter(([, o]) => o.kind === 'file').map(([f]) => f));
  }
  const pulled = new Set(fileRoots(project).flatMap(({ file, root }) => includedFiles(file, root)));
  return new Set(project.files.filter((f) => !pulled.has(f)));
}

/** Included file → the file whose `include:` names it. */
export function includers(project: ComposeProject): Map<string, string> {
  const out = new Map<string, string>();
  if (project.origins) {
    for (const [file, o] of project.origins) if (o.kind === 'include' && o.from) out.set(file, o.from.file);
    return out;
  }
  for (const [file, src] of project.sources) {
    if (src.root) for (const inc of includedFiles(file, src.root)) if (!out.has(inc)) out.set(inc, file);
  }
  return out;
}
