import { join } from 'node:path';
import type { Finding } from '@switchyard/core';
import { isMap, str, get } from '../yaml/tree';
import type { PMap, Span } from '../yaml/tree';
import { classifyManifest } from './classify';
import {
  clusterConfigOf,
  defaultClusterConfig,
  isClusterConfigKind,
  kubeadmNodeAddresses,
} from './cluster-config';
import type { ClusterConfig, NodeAddress } from './cluster-config';
import type { ManifestFiles } from './files';
import { MAX_MANIFEST_CHARS } from './files';
import { kustomizationIn } from './kustomize/build';
import { cachedKustomization } from './kustomize/build-cache';
import type { BuildContext, Resource } from './kustomize/build';
import { MAX_OBJECTS, objectsOf, toObject } from './objects';
import type { K8sObject } from './objects';
import type { K8sProject } from './project';

/** What a chart renders to: `helm template` output, or why it could not be rendered. */
export type HelmRender = (chartDir: string) => { ok: true; text: string } | { ok: false; reason: string };

export interface LoadK8sOptions {
  /** Manifest files and folders (`kubectl apply -f`). */
  paths: string[];
  /** Kustomization folders (`kubectl apply -k`). */
  kustomize?: string[];
  /** Descend into sub-folders of `paths` (`-R`). */
  recursive: boolean;
  files: ManifestFiles;
  /** A kubeadm ClusterConfiguration, kind Cluster or k3s config.yaml named by the user. */
  clusterConfig?: string;
  /** Renders a Helm chart; without it a chart gets one information finding. */
  helm?: HelmRender;
}

/** A project folder has a few hundred manifests; the walk stops here and says so. */
export const MAX_FILES = 4000;
const MAX_WALK_DEPTH = 24;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'vendor']);

interface Walk {
  plain: string[];
  kustomizations: string[];
  charts: string[];
  k3s: string[];
  findings: Finding<Span>[];
}

function walk(dir: string, files: ManifestFiles, recursive: boolean, out: Walk, depth = 0): void {
  if (kustomizationIn(dir, files) !== undefined) {
    out.kustomizations.push(dir);
    if (!recursive) return;
  }
  const names = files.list(dir);
  if (names === undefined) return;
  if (names.includes('Chart.yaml')) {
    out.charts.push(dir);
    return;
  }
  for (const { name, path } of entriesOf(dir, names)) {
    if (out.plain.length + out.k3s.length >= MAX_FILES) return;
    if (files.isDirectory(path)) {
      if (recursive && depth < MAX_WALK_DEPTH && !name.startsWith('.') && !SKIPPED_DIRS.has(name))
        walk(path, files, recursive, out, depth + 1);
      continue;
    }
    if (!/\.(ya?ml|json)$/.test(name) || out.kustomizations.includes(dir)) continue;
    addFile(path, files, out);
  }
}

/** A folder's names sorted, with their paths: the same while the listing is (the editor keeps listings). */
const sortedListings = new WeakMap<string[], { dir: string; entries: { name: string; path: string }[] }>();

function entriesOf(dir: string, names: string[]): { name: string; path: string }[] {
  const known = sortedListings.get(names);
  if (known !== undefined && known.dir === dir) return known.entries;
  const entries = [...names].sort().map((name) => ({ name, path: join(dir, name) }));
  sortedListings.set(names, { dir, entries });
  return entries;
}

function addFile(path: string, files: ManifestFiles, out: Walk): void {
  const kind = files.kind(path);
  if (kind === 'kubernetes') out.plain.push(path);
  else if (kind === 'k3s-config') out.k3s.push(path);
}

/**
 * Loads a Kubernetes project. Never throws on bad input: syntax errors, kustomize failures and budgets are
 * findings at the place they concern.
 */
export function loadKubernetesProject(options: LoadK8sOptions): K8sProject {
  const { files } = options;
  const found: Walk = {
    plain: [],
    kustomizations: [...(options.kustomize ?? [])],
    charts: [],
    k3s: [],
    findings: [],
  };
  for (const p of options.paths) {
    if (files.isDirectory(p)) walk(p, files, options.recursive, found);
    else if (files.text(p) !== undefined) {
      const kind = classifyManifest(p, files.text(p) ?? '');
      if (kind === 'k3s-config') found.k3s.push(p);
      else if (kind === 'chart') found.charts.push(p.replace(/\/Chart\.yaml$/, ''));
      else if (kind === 'kustomization') found.kustomizations.push(p.replace(/\/[^/]+$/, ''));
      else found.plain.push(p);
    }
  }
  const findings: Finding<Span>[] = [];
  const ctx: BuildContext = { files, findings, kustomizations: new Set(), read: new Set() };
  const units: string[] = [];
  // Resources in segments (a kustomization's build, a file, a chart), each kept while its source is.
  const resources: Segment[] = [];
  // Each kustomization not used as a base by another one is its own unit (sibling overlays never mix).
  const built = new Map<string, Resource[]>();
  for (const dir of found.kustomizations) {
    const sub: BuildContext = { ...ctx, kustomizations: new Set() };
    built.set(dir, cachedKustomization(dir, sub));
    for (const k of sub.kustomizations) if (k !== dir) ctx.kustomizations.add(k);
  }
  for (const [dir, list] of built) {
    if (ctx.kustomizations.has(dir) && !(options.kustomize ?? []).includes(dir)) continue;
    units.push(dir);
    resources.push(segmentOf(list, dir));
  }
  const plain = [...new Set(found.plain)].filter((p) => !ctx.read.has(p));
  if (plain.length > 0) units.push('');
  for (const p of plain) {
    const parsed = files.parse(p);
    if (parsed === undefined) continue;
    resources.push(plainResources(parsed.documents, p));
  }
  const renders: K8sProject['sources'] = new Map();
  for (const chart of found.charts) chartResources(chart, options, findings, resources, units, renders);
  const read = [...ctx.read, ...plain, ...found.k3s, ...found.charts.map((c) => join(c, 'Chart.yaml'))];
  if (options.clusterConfig !== undefined) read.push(options.clusterConfig);
  const sources = collectSources(files, read, findings);
  for (const [p, s] of renders) sources.set(p, s);
  const { objects, cluster } = split(resources, found.k3s, options, findings);
  if (found.plain.length + found.k3s.length >= MAX_FILES) {
    findings.push(
      limit(options.paths[0] ?? '', `only the first ${MAX_FILES} manifest files of the folder are checked`),
    );
  }
  return {
    inputs: [...options.paths, ...(options.kustomize ?? [])],
    sources,
    objects,
    units,
    cluster,
    findings,
  };
}

function limit(file: string, message: string): Finding<Span> {
  return { code: 'LIMIT', severity: 'information', message, at: { file, start: 0, end: 0 } };
}

function chartResources(
  chart: string,
  options: LoadK8sOptions,
  findings: Finding<Span>[],
  resources: Segment[],
  units: string[],
  rendered_: K8sProject['sources'],
): void {
  const chartFile = join(chart, 'Chart.yaml');
  const at = { file: chartFile, start: 0, end: 0 };
  const rendered = options.helm?.(chart);
  if (rendered === undefined || !rendered.ok) {
    const why = rendered === undefined ? '`helm` is not on PATH' : rendered.reason;
    findings.push({
      code: 'HELM',
      severity: 'information',
      message: `Helm chart not checked: ${why}. Render it and check the output: helm template ${chart} | switchyard lint -`,
      at,
    });
    return;
  }
  const virtual = join(chart, '(helm template).yaml');
  const parsed = options.files.parseText(rendered.text, virtual);
  units.push(chart);
  resources.push(objectsOf(parsed.documents).map((node) => ({ r: { node, file: virtual }, unit: chart })));
  rendered_.set(virtual, { path: virtual, text: rendered.text, lineStarts: parsed.lineStarts, root: null });
}

function collectSources(
  files: ManifestFiles,
  paths: string[],
  findings: Finding<Span>[],
): K8sProject['sources'] {
  const sources: K8sProject['sources'] = new Map();
  for (const path of new Set(paths)) {
    const parsed = files.parse(path);
    const text = files.text(path);
    if (parsed === undefined || text === undefined) continue;
    sources.set(path, { path, text, lineStarts: parsed.lineStarts, root: null });
    if (text.length > MAX_MANIFEST_CHARS)
      findings.push(limit(path, `files over ${MAX_MANIFEST_CHARS / 1024 / 1024} MB are not checked`));
    for (const e of parsed.errors)
      findings.push({ code: 'YAML', severity: 'error', message: e.message, at: e.span });
    if (parsed.truncated) findings.push(limit(path, parsed.truncated));
  }
  return sources;
}

/**
 * A plain file's resources, kept while its parse is the same (an unchanged file keeps its documents array),
 * so a load after an edit does not walk or allocate anything for the files that did not change.
 */
const fileResources = new WeakMap<object, { file: string; list: Segment }>();

/** Resources of one source, all of one unit. */
type Segment = { r: Resource; unit: string }[];

/** A kustomization's build as a segment, the same while the build is. */
const builtSegments = new WeakMap<Resource[], { unit: string; segment: Segment }>();

function segmentOf(list: Resource[], unit: string): Segment {
  const known = builtSegments.get(list);
  if (known !== undefined && known.unit === unit) return known.segment;
  const segment = list.map((r) => ({ r, unit }));
  builtSegments.set(list, { unit, segment });
  return segment;
}

function plainResources(documents: Parameters<typeof objectsOf>[0], file: string): Segment {
  const known = fileResources.get(documents);
  if (known !== undefined && known.file === file) return known.list;
  const list = objectsOf(documents).map((node) => ({ r: { node, file }, unit: '' }));
  fileResources.set(documents, { file, list });
  return list;
}

/**
 * The object record of a tree, kept while the tree is the same (an unchanged document keeps its tree across
 * edits): the same record each load, so the caches keyed by object hold.
 */
const objectRecords = new WeakMap<object, K8sObject>();

function objectOf(node: PMap, file: string, unit: string): K8sObject {
  const known = objectRecords.get(node);
  if (known !== undefined && known.file === file && known.unit === unit) return known;
  const fresh = toObject(node, file, unit);
  objectRecords.set(node, fresh);
  return fresh;
}

/**
 * What a segment gave when it held only objects (no cluster configuration, no budget reached): its object
 * records, so a load after an edit takes an unchanged file's objects as they were.
 */
const segmentObjects = new WeakMap<Segment, K8sObject[]>();

/** The defaults' configuration, made once (nothing changes a configuration once made). */
let defaults: ClusterConfig | undefined;

/** Separates the cluster configuration documents from the objects, and picks the configuration. */
function split(
  segments: Segment[],
  k3s: string[],
  options: LoadK8sOptions,
  findings: Finding<Span>[],
): { objects: K8sObject[]; cluster: ClusterConfig } {
  // Each segment's objects as a list, joined once at the end (one allocation of the project's list).
  const lists: K8sObject[][] = [];
  let count = 0;
  const configs: ClusterConfig[] = [];
  // kubeadm's InitConfiguration / JoinConfiguration (often beside the ClusterConfiguration) name the node.
  const kubeadmNodes: NodeAddress[] = [];
  let full = false;
  for (const segment of segments) {
    if (full) break;
    const kept = segmentObjects.get(segment);
    if (kept !== undefined && count + kept.length < MAX_OBJECTS) {
      lists.push(kept);
      count += kept.length;
      continue;
    }
    const objects: K8sObject[] = [];
    lists.push(objects);
    let onlyObjects = true;
    for (const { r, unit } of segment) {
      // A tree seen as an object before (same file and unit) is one again: no need to look at it.
      const known = objectRecords.get(r.node);
      if (known !== undefined && known.file === r.file && known.unit === unit && count < MAX_OBJECTS) {
        objects.push(known);
        count++;
        continue;
      }
      const apiVersion = str(get(r.node, 'apiVersion')) ?? '';
      const kind = str(get(r.node, 'kind')) ?? '';
      if (isClusterConfigKind(apiVersion)) {
        onlyObjects = false;
        const c = clusterConfigOf(r.node, r.file, false);
        if (c !== undefined) configs.push(c);
        else kubeadmNodes.push(...kubeadmNodeAddresses(r.node));
        continue;
      }
      if (
        apiVersion.startsWith('kustomize.config.k8s.io/') ||
        (apiVersion === '' && kind === '' && r.node.entries.length === 0)
      )
        continue;
      if (count >= MAX_OBJECTS) {
        findings.push(limit(r.file, `only the first ${MAX_OBJECTS} objects of the project are checked`));
        full = true;
        break;
      }
      objects.push(objectOf(r.node, r.file, unit));
      count++;
    }
    if (onlyObjects && !full) segmentObjects.set(segment, objects);
  }
  const objects = ([] as K8sObject[]).concat(...lists);
  for (const path of k3s) {
    const root = options.files.parse(path)?.documents[0]?.root;
    if (isMap(root)) {
      const c = clusterConfigOf(root, path, true);
      if (c !== undefined) configs.push(c);
    }
  }
  let cluster = configs[0] ?? (defaults ??= defaultClusterConfig());
  if (options.clusterConfig !== undefined) {
    const root = options.files
      .parse(options.clusterConfig)
      ?.documents.map((d) => d.root)
      .filter(isMap);
    const named = (root ?? [])
      .map((r) => clusterConfigOf(r, options.clusterConfig ?? '', true))
      .find((c) => c !== undefined);
    if (named !== undefined) {
      cluster = named;
      for (const r of root ?? [])
        if (clusterConfigOf(r, '', true) === undefined) kubeadmNodes.push(...kubeadmNodeAddresses(r));
    }
  }
  if (cluster.source === 'kubeadm' && kubeadmNodes.length > 0)
    cluster = { ...cluster, nodeAddresses: [...cluster.nodeAddresses, ...kubeadmNodes] };
  return { objects, cluster };
}
