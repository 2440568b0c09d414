import { basename, dirname, join, resolve } from 'node:path';
import type { Finding } from '@switchyard/core';
import { newContext, safeRead } from './load-context';
import type { FileReader, LoadContext } from './load-context';
import { discoverProjectFiles, projectFilesFor } from './discover';
import { parseDotEnv } from './dotenv';
import type { DotEnvLimit } from './dotenv';
import { loadFiles } from './layers';
import { stripResets } from './merge';
import {
  buildNetworks,
  buildServices,
  keyPlaces,
  normaliseProjectName,
  profilesNamed,
  usesDefaultNetwork,
} from './build-models';
import type { ParseCache } from '../yaml/parse';
import type { ComposeProject } from './project';
import type { Lookup } from './template';
import { get, str, withPlainSpans } from '../yaml/tree';
import type { PMap, Span } from '../yaml/tree';

export type { FileReader } from './load-context';
export type { FileOrigin } from './project';
export { normaliseProjectName, usesDefaultNetwork };
export { discoverProjectFiles, projectFilesFor, COMPOSE_FILE_NAMES, OVERRIDE_FILE_NAMES } from './discover';
export { parseYaml, ParseCache } from '../yaml/parse';

export interface LoadOptions {
  /**
   * The `-f` files in order; the first one's directory is the working directory. When empty, the files
   * are discovered from `projectDirectory` as `docker compose` does without `-f`.
   */
  files: string[];
  reader: FileReader;
  /** Process environment used for interpolation (`.env` in the working directory is added by the loader). */
  env?: Record<string, string | undefined>;
  projectName?: string;
  /** `--project-directory`: where `.env` is read and relative `include` paths start. */
  projectDirectory?: string;
  /** Active profiles; when undefined every profile counts as active (the editor's view). */
  profiles?: string[];
  /**
   * The editor's cache for re-parsing this project's files after an edit (parse.ts). A load with it
   * invalidates the trees of the previous load with the same cache.
   */
  parseCache?: ParseCache;
}

/**
 * Loads a compose project as `docker compose` would see it: `.env`, per-file interpolation, `include`,
 * `extends`, merge of the `-f` files in order, de-duplication, profiles, the implicit default network.
 * Never throws on bad input: what Compose would refuse is in `findings`, at the place it is written.
 */
export function loadProject(options: LoadOptions): ComposeProject {
  const ctx = newContext(options.reader, options.parseCache);
  const exists = (p: string) => safeRead(options.reader, p) !== undefined;
  const files =
    options.files.length > 0 || options.projectDirectory === undefined
      ? options.files
      : discoverProjectFiles(options.projectDirectory, exists);
  const first = files[0] ?? join(options.projectDirectory ?? '.', 'compose.yaml');
  const workingDir = options.projectDirectory ?? dirname(first);
  const env = environment(options, workingDir, ctx, first);
  const lookup: Lookup = (name) => env.get(name);
  const refs = files.map((path) => ({ path }));
  let root = loadFiles(ctx, refs, lookup, workingDir, 'file', []) ?? emptyRoot(first);
  if (ctx.sawReset) root = stripResets(root);
  const name = projectName(options, env, root, workingDir);
  // Without a parse cache no later load sees these bodies again: nothing is remembered per body.
  const keep = options.parseCache !== undefined;
  const services = buildServices(
    root,
    keyPlaces(ctx.serviceSections),
    options.profiles,
    keep,
    options.parseCache,
  );
  const networks = buildNetworks(root, name, keyPlaces(ctx.networkSections), services, keep);
  return {
    name,
    workingDir,
    files: [...files, ...[...ctx.sources.keys()].filter((f) => !files.includes(f))],
    sources: ctx.sources,
    activeProfiles: options.profiles ?? profilesNamed(services),
    services,
    networks,
    findings: unique(ctx.findings),
    env,
    origins: ctx.origins,
    root,
  };
}

/**
 * The project an open editor file belongs to: the file with its base or override beside it
 * (`projectFilesFor`), loaded as `docker compose` would load those files.
 */
export function loadProjectForFile(path: string, options: Omit<LoadOptions, 'files'>): ComposeProject {
  const exists = (p: string) => safeRead(options.reader, p) !== undefined;
  return loadProject({ ...options, files: projectFilesFor(path, exists) });
}

/**
 * The process environment over `.env` (the shell wins, as in `docker compose`). A `.env` value past an
 * expansion limit is reported at the start of the project's first file (the `.env` is not a source).
 */
function environment(
  options: LoadOptions,
  workingDir: string,
  ctx: LoadContext,
  first: string,
): Map<string, string> {
  const processEnv = new Map<string, string>();
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) processEnv.set(k, v);
  const path = join(workingDir, '.env');
  const text = safeRead(options.reader, path);
  const onLimit = (l: DotEnvLimit) =>
    ctx.findings.push({
      code: 'LIMIT',
      severity: 'warning',
      message: `${path}:${l.line}: ${l.name}: ${l.message}`,
      at: { file: first, start: 0, end: 0 },
    });
  const env =
    text === undefined
      ? new Map<string, string>()
      : parseDotEnv(text, (n) => processEnv.get(n), ctx.expansion, onLimit);
  for (const [k, v] of processEnv) env.set(k, v);
  return env;
}

/** `-p`, then `COMPOSE_PROJECT_NAME`, then the merged top-level `name:`, then the directory's name. */
function projectName(options: LoadOptions, env: Map<string, string>, root: PMap, workingDir: string): string {
  const raw =
    options.projectName ??
    env.get('COMPOSE_PROJECT_NAME') ??
    str(get(root, 'name')) ??
    basename(resolve(workingDir));
  return normaliseProjectName(raw) || 'default';
}

function emptyRoot(file: string): PMap {
  return { kind: 'map', entries: [], span: { file, start: 0, end: 0 } };
}

/** The same file read twice (an include and an extends of it) must not report its problems twice. */
function unique(findings: Finding<Span>[]): Finding<Span>[] {
  const seen = new Set<string>();
  const out: Finding<Span>[] = [];
  for (const f of findings) {
    const key = `${f.code}\0${f.at.file}\0${f.at.start}\0${f.at.end}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(withPlainSpans(f));
  }
  return out;
}
