import { dirname, join, resolve } from 'node:path';
import { layered, readFile, safeRead } from './load-context';
import type { LoadContext } from './load-context';
import type { FileOrigin } from './project';
import { parseDotEnv } from './dotenv';
import type { DotEnvLimit } from './dotenv';
import { resolveExtends } from './extends';
import { interpolateTree } from './interpolate';
import { mergeRoots } from './merge';
import type { Lookup } from './template';
import { entry, isMap, isScalar, isSeq, str } from '../yaml/tree';
import type { PMap, PNode, Span } from '../yaml/tree';

/** A file to load, with the node that named it (none for `-f` files). */
export interface FileRef {
  path: string;
  from?: Span;
}

/**
 * Loads files as `docker compose -f A -f B` does: each file on its own (interpolation, then `include`,
 * then `extends`), merged into the ones before it. Null when no file gave a mapping.
 */
export function loadFiles(
  ctx: LoadContext,
  files: FileRef[],
  env: Lookup,
  workingDir: string,
  kind: FileOrigin['kind'],
  stack: string[],
): PMap | null {
  let acc: PMap | null = null;
  for (const f of files) {
    const layer = loadFile(ctx, f, env, workingDir, kind, stack);
    if (layer !== null) acc = acc === null ? layer : mergeRoots(acc, layer);
  }
  return acc;
}

function loadFile(
  ctx: LoadContext,
  ref: FileRef,
  env: Lookup,
  workingDir: string,
  kind: FileOrigin['kind'],
  stack: string[],
): PMap | null {
  const parsed = readFile(ctx, ref.path, { kind }, ref.from);
  if (parsed?.root == null) return null;
  const root = parsed.root;
  interpolateTree(root, parsed.text, env, ctx.findings, ctx.expansion, ctx.cache !== undefined);
  const imported = loadIncludes(ctx, root, ref.path, env, workingDir, stack);
  recordKeys(ctx, root);
  // `extends` runs after `include` (reference §1), so a service may extend one an include brought in.
  const own = withoutKey(root, 'include');
  return resolveExtends(ctx, imported === null ? own : mergeRoots(imported, own), ref.path, env);
}

function recordKeys(ctx: LoadContext, root: PMap): void {
  for (const [section, into] of [
    ['services', ctx.serviceKeys],
    ['networks', ctx.networkKeys],
  ] as const) {
    const m = entry(root, section)?.value;
    if (!isMap(m)) continue;
    for (const e of m.entries) {
      const spans = into.get(e.key);
      if (spans) spans.push(e.keySpan);
      else into.set(e.key, [e.keySpan]);
    }
  }
}

function withoutKey(root: PMap, key: string): PMap {
  const entries = root.entries.filter((e) => e.key !== key);
  return entries.length === root.entries.length ? root : { ...root, entries };
}

/** The top-level sections an included project contributes (compose-go `importResources`). */
const RESOURCES = new Set(['services', 'networks', 'volumes', 'secrets', 'configs', 'models']);

interface IncludeSpec {
  paths: FileRef[];
  projectDir: string;
  envFiles: FileRef[];
  span: Span;
}

/**
 * `include:` (compose-go `loader/include.go`): each entry is loaded as its own project, with its own
 * working directory and `.env`, and its resources are merged under this file's (this file wins on a clash,
 * as current compose-go merges them). A cycle is a finding at the entry that closes it.
 */
function loadIncludes(
  ctx: LoadContext,
  root: PMap,
  file: string,
  env: Lookup,
  workingDir: string,
  stack: string[],
): PMap | null {
  const inc = entry(root, 'include');
  if (inc?.value == null) return null;
  const items = isSeq(inc.value) ? inc.value.items : [inc.value];
  const chain = [...stack, file];
  let imported: PMap | null = null;
  for (const item of items) {
    const spec = readInclude(item, workingDir);
    if (spec === undefined) continue;
    const cyclic = spec.paths.find((p) => chain.includes(p.path));
    if (cyclic) {
      ctx.findings.push({
        code: 'LOAD',
        severity: 'error',
        message: `include cycle detected:\n${chain[0]}\n include ${[...chain.slice(1), cyclic.path].join('\n include ')}`,
        at: cyclic.from ?? spec.span,
      });
      continue;
    }
    const includeEnv = layered(readEnvFiles(ctx, spec, env), env);
    const project = loadFiles(ctx, spec.paths, includeEnv, spec.projectDir, 'include', chain);
    if (project === null) continue;
    const resources = { ...project, entries: project.entries.filter((e) => RESOURCES.has(e.key)) };
    imported = imported === null ? resources : mergeRoots(imported, resources);
  }
  return imported;
}

function readInclude(item: PNode, workingDir: string): IncludeSpec | undefined {
  const refs = (n: PNode | null | undefined, dir: string): FileRef[] => {
    const nodes = isSeq(n) ? n.items : n ? [n] : [];
    return nodes.flatMap((x) => {
      const s = isScalar(x) ? str(x) : undefined;
      return s === undefined || s === '' ? [] : [{ path: resolve(dir, s), from: x.span }];
    });
  };
  if (isScalar(item)) {
    const paths = refs(item, workingDir);
    const first = paths[0];
    return first ? { paths, projectDir: dirname(first.path), envFiles: [], span: item.span } : undefined;
  }
  if (!isMap(item)) return undefined;
  const paths = refs(entry(item, 'path')?.value, workingDir);
  const first = paths[0];
  if (!first) return undefined;
  const pd = str(entry(item, 'project_directory')?.value);
  const projectDir = pd === undefined ? dirname(first.path) : resolve(workingDir, pd);
  return { paths, projectDir, envFiles: refs(entry(item, 'env_file')?.value, workingDir), span: item.span };
}

/** The include's `env_file`s, or the `.env` in its project directory when it names none. */
function readEnvFiles(ctx: LoadContext, spec: IncludeSpec, parent: Lookup): Map<string, string> {
  const vars = new Map<string, string>();
  const files = spec.envFiles.length > 0 ? spec.envFiles : [{ path: join(spec.projectDir, '.env') }];
  for (const f of files) {
    const text = safeRead(ctx.reader, f.path);
    if (text === undefined) {
      if (f.from) {
        ctx.findings.push({
          code: 'LOAD',
          severity: 'error',
          message: `env file ${f.path} not found`,
          at: f.from,
        });
      }
      continue;
    }
    const onLimit = (l: DotEnvLimit) =>
      ctx.findings.push({
        code: 'LIMIT',
        severity: 'warning',
        message: `${f.path}:${l.line}: ${l.name}: ${l.message}`,
        at: f.from ?? spec.span,
      });
    for (const [k, v] of parseDotEnv(text, layered(vars, parent), ctx.expansion, onLimit)) vars.set(k, v);
  }
  return vars;
}
