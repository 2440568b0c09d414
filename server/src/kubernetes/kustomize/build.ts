import { join, resolve } from 'node:path';
import type { Finding } from '@switchyard/core';
import { at, get, isMap, isScalar, isSeq, str } from '../../yaml/tree';
import type { PMap, PNode, Span } from '../../yaml/tree';
import { KUSTOMIZATION_NAMES } from '../classify';
import type { ManifestFiles } from '../files';
import { objectsOf } from '../objects';
import { applyJsonPatch, PatchError } from './patch-json';
import { strategicMerge } from './patch-smp';
import { addCommonLabels, labelPairs, renameAll, setNamespace } from './transformers';
import type { Resource } from './transformers';

export type { Resource };

/** Overlays on bases on bases: kustomize has no limit, a project never needs more than this. */
const MAX_DEPTH = 16;

export interface BuildContext {
  files: ManifestFiles;
  findings: Finding<Span>[];
  /** Every kustomization directory built, and every file read through one. */
  kustomizations: Set<string>;
  read: Set<string>;
}

/** The kustomization file of a directory, if it has one. */
export function kustomizationIn(dir: string, files: ManifestFiles): string | undefined {
  // The folder's listing (cached by the editor) spares reading three absent files per folder per load.
  const names = files.list(dir);
  for (const n of KUSTOMIZATION_NAMES) {
    if (names !== undefined && !names.includes(n)) continue;
    const p = join(dir, n);
    if (files.text(p) !== undefined) return p;
  }
  return undefined;
}

/**
 * `kubectl kustomize DIR`, emulated on the positioned tree for what networking checks need: resources,
 * bases and components, `namespace`, `namePrefix`/`nameSuffix` with Service references, `commonLabels` and
 * `labels`, strategic-merge and JSON 6902 patches. What kustomize would refuse (a missing resource, a
 * cycle, a patch that does not apply) is a KUSTOMIZE error at the entry that names it.
 */
export function buildKustomization(
  dir: string,
  ctx: BuildContext,
  input: Resource[] = [],
  stack: string[] = [],
): Resource[] {
  const file = kustomizationIn(dir, ctx.files);
  if (file === undefined) return input;
  ctx.kustomizations.add(dir);
  ctx.read.add(file);
  const root = ctx.files.parse(file)?.documents[0]?.root;
  if (!isMap(root)) return input;
  let out = [...input];
  for (const key of ['resources', 'bases', 'components']) {
    const list = get(root, key);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const rel = str(item);
      if (rel === undefined) continue;
      if (/^(https?:|git@|ssh:|github\.com\/)|\?ref=|\/\/.*\.git/.test(rel)) continue; // remote: not fetched
      const path = resolve(dir, rel);
      if (key === 'components') out = component(path, item, ctx, out, [...stack, dir]);
      else out.push(...resourcesAt(path, item, ctx, [...stack, dir]));
    }
  }
  out = applyPatches(root, dir, file, out, ctx);
  const ns = get(root, 'namespace');
  if (isScalar(ns) && ns.value !== null && String(ns.value) !== '') out = setNamespace(out, ns);
  const prefix = str(get(root, 'namePrefix')) ?? '';
  const suffix = str(get(root, 'nameSuffix')) ?? '';
  out = renameAll(out, prefix, suffix, (get(root, 'namePrefix') ?? get(root, 'nameSuffix') ?? root).span);
  const common = get(root, 'commonLabels');
  out = addCommonLabels(
    out,
    labelPairs(common),
    { selectors: true, templates: true },
    common?.span ?? root.span,
  );
  const labels = get(root, 'labels');
  if (isSeq(labels)) {
    for (const l of labels.items) {
      const selectors = str(get(l, 'includeSelectors')) === 'true';
      const templates = str(get(l, 'includeTemplates')) === 'true';
      out = addCommonLabels(out, labelPairs(get(l, 'pairs')), { selectors, templates }, l.span);
    }
  }
  return out;
}

function kerror(ctx: BuildContext, at: Span, message: string): void {
  ctx.findings.push({ code: 'KUSTOMIZE', severity: 'error', message, at });
}

function resourcesAt(path: string, item: PNode, ctx: BuildContext, stack: string[]): Resource[] {
  if (stack.includes(path)) {
    kerror(ctx, item.span, `kustomize: cycle detected: ${[...stack, path].join(' -> ')}`);
    return [];
  }
  if (stack.length >= MAX_DEPTH) {
    kerror(ctx, item.span, `kustomize: more than ${MAX_DEPTH} nested kustomizations; not followed further`);
    return [];
  }
  if (ctx.files.isDirectory(path)) {
    if (kustomizationIn(path, ctx.files) === undefined) {
      kerror(
        ctx,
        item.span,
        `kustomize: accumulating resources: '${path}' must be a file or a directory with a kustomization.yaml`,
      );
      return [];
    }
    return buildKustomization(path, ctx, [], stack);
  }
  const parsed = ctx.files.parse(path);
  if (parsed === undefined) {
    kerror(ctx, item.span, `kustomize: accumulating resources: open ${path}: no such file or directory`);
    return [];
  }
  ctx.read.add(path);
  return objectsOf(parsed.documents).map((node) => ({ node, file: path }));
}

function component(
  path: string,
  item: PNode,
  ctx: BuildContext,
  input: Resource[],
  stack: string[],
): Resource[] {
  if (!ctx.files.isDirectory(path) || kustomizationIn(path, ctx.files) === undefined) {
    kerror(ctx, item.span, `kustomize: component '${path}' must be a directory with a kustomization.yaml`);
    return input;
  }
  if (stack.includes(path) || stack.length >= MAX_DEPTH) return input;
  return buildKustomization(path, ctx, input, stack);
}

/** A patch document: a file next to the kustomization, or inline YAML (its findings point at the scalar). */
function patchDocs(dir: string, kfile: string, ref: PNode, ctx: BuildContext, inline = false): PNode[] {
  const text = str(ref);
  if (text === undefined) return [];
  if (inline || text.includes('\n') || text.trimStart().startsWith('{') || text.trimStart().startsWith('[')) {
    const parsed = ctx.files.parseText(text, kfile);
    return parsed.documents.flatMap((d) => (d.root ? [respan(d.root, ref.span)] : []));
  }
  const path = resolve(dir, text);
  const parsed = ctx.files.parse(path);
  if (parsed === undefined) {
    kerror(ctx, ref.span, `kustomize: open ${path}: no such file or directory`);
    return [];
  }
  ctx.read.add(path);
  return parsed.documents.flatMap((d) => (d.root ? [d.root] : []));
}

/** Inline patches are parsed from a string; every node points at the string as written. */
function respan(node: PNode, span: Span): PNode {
  if (node.kind === 'map')
    return {
      ...node,
      span,
      entries: node.entries.map((e) => ({ ...e, keySpan: span, value: e.value && respan(e.value, span) })),
    };
  if (node.kind === 'seq') return { ...node, span, items: node.items.map((i) => respan(i, span)) };
  return { ...node, span };
}

interface Target {
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
}

function targetOf(n: PNode | null | undefined): Target | undefined {
  if (!isMap(n)) return undefined;
  const t: Target = {};
  for (const k of ['kind', 'name', 'namespace', 'labelSelector'] as const) {
    const v = str(get(n, k));
    if (v !== undefined) t[k] = v;
  }
  return t;
}

function matches(r: Resource, t: Target): boolean {
  const full = (pattern: string, value: string): boolean => {
    try {
      return new RegExp(`^(?:${pattern})$`).test(value);
    } catch {
      return pattern === value;
    }
  };
  if (t.kind !== undefined && !full(t.kind, str(get(r.node, 'kind')) ?? '')) return false;
  if (t.name !== undefined && !full(t.name, str(at(r.node, 'metadata', 'name')) ?? '')) return false;
  if (t.namespace !== undefined && str(at(r.node, 'metadata', 'namespace')) !== t.namespace) return false;
  if (t.labelSelector !== undefined) {
    const labels = at(r.node, 'metadata', 'labels');
    for (const term of t.labelSelector.split(',')) {
      const [k, v] = term.split('=');
      if (k === undefined || str(get(labels, k.trim())) !== v?.trim()) return false;
    }
  }
  return true;
}

/** The target a strategic-merge patch names by itself: its kind and metadata.name. */
function selfTarget(patch: PNode): Target {
  const t: Target = {};
  const kind = str(get(patch, 'kind'));
  const name = str(at(patch, 'metadata', 'name'));
  if (kind !== undefined) t.kind = kind;
  if (name !== undefined) t.name = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return t;
}

function applyPatches(
  root: PMap,
  dir: string,
  kfile: string,
  input: Resource[],
  ctx: BuildContext,
): Resource[] {
  let out = input;
  const apply = (patch: PNode, target: Target | undefined, at: Span): void => {
    const t = target ?? selfTarget(patch);
    let hit = false;
    out = out.map((r) => {
      if (!matches(r, t)) return r;
      hit = true;
      try {
        return {
          ...r,
          node: isSeq(patch)
            ? applyJsonPatch(r.node, patch)
            : isMap(patch)
              ? strategicMerge(r.node, patch)
              : r.node,
        };
      } catch (e) {
        if (!(e instanceof PatchError)) throw e;
        kerror(
          ctx,
          at,
          `kustomize: patch does not apply to ${str(get(r.node, 'kind'))} ${str(get(get(r.node, 'metadata'), 'name'))}: ${e.message}`,
        );
        return r;
      }
    });
    if (!hit && target === undefined && isMap(patch)) {
      kerror(
        ctx,
        at,
        `kustomize: no matches for Id ${t.kind ?? '?'} ${str(at2(patch)) ?? '?'}; failed to find unique target for patch`,
      );
    }
  };
  const smp = get(root, 'patchesStrategicMerge');
  if (isSeq(smp))
    for (const ref of smp.items)
      for (const p of patchDocs(dir, kfile, ref, ctx)) apply(p, undefined, ref.span);
  const patches = get(root, 'patches');
  if (isSeq(patches)) {
    for (const entry of patches.items) {
      const inline = get(entry, 'path') == null;
      const ref = get(entry, 'path') ?? get(entry, 'patch');
      if (ref === undefined || ref === null) continue;
      for (const p of patchDocs(dir, kfile, ref, ctx, inline))
        apply(p, targetOf(get(entry, 'target')), ref.span);
    }
  }
  const json = get(root, 'patchesJson6902');
  if (isSeq(json)) {
    for (const entry of json.items) {
      const inline = get(entry, 'path') == null;
      const ref = get(entry, 'path') ?? get(entry, 'patch');
      const t = targetOf(get(entry, 'target'));
      if (ref === undefined || ref === null || t === undefined) continue;
      for (const p of patchDocs(dir, kfile, ref, ctx, inline)) apply(p, t, ref.span);
    }
  }
  return out;
}

const at2 = (patch: PNode): PNode | null | undefined => at(patch, 'metadata', 'name');
