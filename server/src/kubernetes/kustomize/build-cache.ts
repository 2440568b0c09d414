import type { Finding } from '@switchyard/core';
import type { Span } from '../../yaml/tree';
import type { ManifestFiles } from '../files';
import { buildKustomization } from './build';
import type { BuildContext, Resource } from './build';

/** One look at the files a build made, and what it saw: a parse (by identity), a text, a listing. */
type Look =
  | { kind: 'parse'; path: string; seen: unknown }
  | { kind: 'text'; path: string; seen: string | undefined }
  | { kind: 'list'; path: string; seen: string | undefined };

interface Built {
  looks: Look[];
  resources: Resource[];
  findings: Finding<Span>[];
  kustomizations: string[];
  read: string[];
}

/** Builds per ManifestFiles (one per project, kept by the editor across edits), by kustomization folder. */
const memo = new WeakMap<ManifestFiles, Map<string, Built>>();

/**
 * `buildKustomization` for a top-level kustomization, kept while every file it read has the same parse
 * (an unchanged file keeps its parse) and every folder the same listing: the same resources come back, so
 * the objects keep their trees and everything keyed by tree (object records, per-object and namespace
 * findings) holds for a kustomize unit too. Checking replays each look, which also marks the files as read
 * for the parse cache.
 */
export function cachedKustomization(dir: string, ctx: BuildContext): Resource[] {
  let byDir = memo.get(ctx.files);
  if (byDir === undefined) {
    byDir = new Map();
    memo.set(ctx.files, byDir);
  }
  const known = byDir.get(dir);
  if (known !== undefined && known.looks.every((l) => same(ctx.files, l))) {
    ctx.findings.push(...known.findings);
    for (const k of known.kustomizations) ctx.kustomizations.add(k);
    for (const r of known.read) ctx.read.add(r);
    return known.resources;
  }
  const looks: Look[] = [];
  const sub: BuildContext = {
    files: recording(ctx.files, looks),
    findings: [],
    kustomizations: new Set(),
    read: new Set(),
  };
  const resources = buildKustomization(dir, sub);
  byDir.set(dir, {
    looks,
    resources,
    findings: sub.findings,
    kustomizations: [...sub.kustomizations],
    read: [...sub.read],
  });
  ctx.findings.push(...sub.findings);
  for (const k of sub.kustomizations) ctx.kustomizations.add(k);
  for (const r of sub.read) ctx.read.add(r);
  return resources;
}

function same(files: ManifestFiles, l: Look): boolean {
  switch (l.kind) {
    case 'parse':
      return files.parse(l.path) === l.seen;
    case 'text':
      return files.text(l.path) === l.seen;
    case 'list':
      return files.list(l.path)?.join('\0') === l.seen;
  }
}

/** The files as the build sees them, each look written down (parseText needs none: its text was read). */
function recording(files: ManifestFiles, looks: Look[]): ManifestFiles {
  const r = Object.create(files) as ManifestFiles;
  r.parse = (path) => {
    const seen = files.parse(path);
    looks.push({ kind: 'parse', path, seen });
    return seen;
  };
  r.text = (path) => {
    const seen = files.text(path);
    looks.push({ kind: 'text', path, seen });
    return seen;
  };
  r.list = (path) => {
    const seen = files.list(path);
    looks.push({ kind: 'list', path, seen: seen?.join('\0') });
    return seen;
  };
  r.isDirectory = (path) => r.list(path) !== undefined;
  return r;
}
