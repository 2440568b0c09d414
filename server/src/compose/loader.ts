import type { Finding } from '@switchyard/core';
import { parseYaml } from './parse';
import type { ComposeProject, NetworkModel, ServiceModel, SourceText } from './project';
import { bool, entry, get, isMap, isSeq, str } from './tree';
import type { PMap, PNode, Span } from './tree';

/** How the loader reads files: from open editor buffers first, then from disk (or a test's memory). */
export interface FileReader {
  read(path: string): string | undefined;
}

export interface LoadOptions {
  /** The `-f` files in order; the first one's directory is the working directory. */
  files: string[];
  reader: FileReader;
  /** Process environment used for interpolation (`.env` beside the first file is added by the loader). */
  env?: Record<string, string | undefined>;
  projectName?: string;
  /** Active profiles; when undefined every profile counts as active (the editor's view). */
  profiles?: string[];
}

// NOTE: minimal single-file loader; the full loader (override files, include, extends, .env, interpolation,
// profiles, merge) replaces the body of loadProject while keeping this signature.
export function loadProject(options: LoadOptions): ComposeProject {
  const findings: Finding<Span>[] = [];
  const sources = new Map<string, SourceText>();
  const first = options.files[0] ?? 'compose.yaml';
  let root: PMap | null = null;
  for (const file of options.files) {
    const text = options.reader.read(file);
    if (text === undefined) continue;
    const parsed = parseYaml(text, file);
    for (const e of parsed.errors)
      findings.push({ code: 'YAML', severity: 'error', message: e.message, at: e.span });
    const fileRoot = isMap(parsed.root) ? parsed.root : null;
    sources.set(file, { path: file, text, lineStarts: parsed.lineStarts, root: fileRoot });
    root ??= fileRoot;
  }
  const dir = first.includes('/') ? first.slice(0, first.lastIndexOf('/')) : '.';
  const name =
    options.projectName ?? normaliseProjectName(str(get(root, 'name')) ?? dir.split('/').pop() ?? 'project');
  const services = readServices(root, options.profiles);
  const networks = readNetworks(root, name, services);
  return {
    name,
    workingDir: dir,
    files: options.files,
    sources,
    activeProfiles: options.profiles ?? [],
    services,
    networks,
    findings,
    env: new Map(),
  };
}

export function normaliseProjectName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

function readServices(root: PMap | null, profiles: string[] | undefined): ServiceModel[] {
  const services = get(root, 'services');
  if (!isMap(services)) return [];
  const out: ServiceModel[] = [];
  for (const e of services.entries) {
    if (!isMap(e.value)) continue;
    const svcProfiles = stringList(get(e.value, 'profiles'));
    const enabled =
      svcProfiles.length === 0 || profiles === undefined || svcProfiles.some((p) => profiles.includes(p));
    out.push({
      name: e.key,
      node: e.value,
      keySpans: [e.keySpan],
      enabled,
      profiles: svcProfiles,
      replicas: replicasOf(e.value),
    });
  }
  return out;
}

function replicasOf(svc: PMap): number {
  const scale = Number(str(get(svc, 'scale')));
  if (Number.isInteger(scale)) return scale;
  const replicas = Number(str(get(get(svc, 'deploy'), 'replicas')));
  return Number.isInteger(replicas) ? replicas : 1;
}

function stringList(n: PNode | null | undefined): string[] {
  if (!isSeq(n)) return [];
  return n.items.map((i) => str(i)).filter((s): s is string => s !== undefined);
}

/** A service is on the implicit default network when it has no network_mode and no (or empty) networks. */
export function usesDefaultNetwork(svc: PMap): boolean {
  if (entry(svc, 'network_mode') !== undefined) return false;
  const nets = get(svc, 'networks');
  if (nets === undefined || nets === null) return true;
  if (isSeq(nets)) return nets.items.length === 0 || nets.items.some((i) => str(i) === 'default');
  if (isMap(nets)) return nets.entries.length === 0 || entry(nets, 'default') !== undefined;
  return false;
}

function readNetworks(root: PMap | null, project: string, services: ServiceModel[]): NetworkModel[] {
  const out: NetworkModel[] = [];
  const nets = get(root, 'networks');
  if (isMap(nets)) {
    for (const e of nets.entries) {
      const body = isMap(e.value) ? e.value : null;
      const external = bool(get(body, 'external')) === true || isMap(get(body, 'external'));
      const name = str(get(body, 'name'));
      out.push({
        key: e.key,
        node: body,
        keySpans: [e.keySpan],
        implicit: false,
        engineName: name ?? (external ? e.key : `${project}_${e.key}`),
        external,
      });
    }
  }
  const needsDefault = services.some((s) => s.enabled && usesDefaultNetwork(s.node));
  if (needsDefault && !out.some((n) => n.key === 'default')) {
    out.push({
      key: 'default',
      node: null,
      keySpans: [],
      implicit: true,
      engineName: `${project}_default`,
      external: false,
    });
  }
  return out;
}
