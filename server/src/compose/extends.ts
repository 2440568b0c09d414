import { NodeMemo } from '@switchyard/core';
import { dirname, resolve } from 'node:path';
import { readFile } from './load-context';
import type { LoadContext } from './load-context';
import { interpolateTree } from './interpolate';
import { extendService } from './merge';
import type { Lookup } from './template';
import { entry, get, isMap, isScalar, str } from '../yaml/tree';
import type { PEntry, PMap, PNode, Span } from '../yaml/tree';

/**
 * Resolves `extends` in one file's services (compose-go `loader/extends.go`): the base service, from the
 * same file or from `file:`, is resolved first, then merged under the extending service. Networks the base
 * uses are not declared for the extending file (that is NET157 for the rules). A missing base or a cycle
 * is a finding at the `extends` that names it, and the service is kept without the extension.
 */
export function resolveExtends(ctx: LoadContext, root: PMap, file: string, env: Lookup): PMap {
  const servicesEntry = entry(root, 'services');
  const services = servicesEntry?.value;
  if (!servicesEntry || !isMap(services)) return root;
  const keep = ctx.cache !== undefined;
  if (!services.entries.some((e) => isMap(e.value) && extendsAnother(e.value, keep))) return root;
  const resolver = new ExtendsResolver(ctx, env);
  const entries = services.entries.map((e): PEntry => {
    if (!isMap(e.value)) return e;
    const value = resolver.resolve(file, services, e.key, e.value, []);
    return value === e.value ? e : { ...e, value };
  });
  const resolved: PEntry = { ...servicesEntry, value: { ...services, entries } };
  return { ...root, entries: root.entries.map((e) => (e === servicesEntry ? resolved : e)) };
}

/**
 * Whether a service body has an `extends` key, by body: the editor's parse cache hands an unchanged body back
 * as the same object, so a keystroke looks up each service instead of scanning its keys (bodies are not
 * changed after parse and interpolation).
 */
function extendsAnother(body: PMap, keep: boolean): boolean {
  if (!keep) return entry(body, 'extends') !== undefined; // a one-shot load sees each body once
  let known = hasExtends.get(body);
  if (known === undefined) hasExtends.set(body, (known = entry(body, 'extends') !== undefined));
  return known;
}

const hasExtends = new WeakMap<PMap, boolean>();

interface ServiceRef {
  file: string;
  service: string;
}

interface ExtendsSpec {
  service: string;
  serviceSpan: Span;
  file?: { path: string; span: Span };
}

class ExtendsResolver {
  private readonly memo = new Map<string, PMap>();
  private readonly files = new Map<string, PMap | null>();

  constructor(
    private readonly ctx: LoadContext,
    private readonly env: Lookup,
  ) {}

  resolve(file: string, services: PMap, name: string, node: PMap, chain: ServiceRef[]): PMap {
    const key = `${file}\0${name}`;
    const known = this.memo.get(key);
    if (known) return known;
    const ext = entry(node, 'extends');
    if (ext === undefined) return node;
    const result = this.extend(file, services, name, node, ext, [...chain, { file, service: name }]);
    this.memo.set(key, result);
    return result;
  }

  private extend(file: string, services: PMap, name: string, node: PMap, ext: PEntry, chain: ServiceRef[]) {
    const own = withoutExtends(node);
    const spec = readSpec(ext.value);
    if (spec === undefined) return own;
    let targetFile = file;
    let targetServices: PMap | null = services;
    if (spec.file) {
      targetFile = resolve(dirname(file), spec.file.path);
      targetServices = this.servicesOf(targetFile, spec.file.span);
      if (targetServices === null) return own;
    }
    const base = entry(targetServices, spec.service);
    if (base === undefined) {
      this.report('NET157', spec.serviceSpan, notFound(name, targetFile, spec.service));
      return own;
    }
    if (chain.some((c) => c.file === targetFile && c.service === spec.service)) {
      this.report(
        'LOAD',
        ext.value?.span ?? ext.keySpan,
        circular([...chain, { file: targetFile, service: spec.service }]),
      );
      return own;
    }
    const baseNode = isMap(base.value) ? base.value : emptyMap(base.keySpan);
    const resolvedBase = this.resolve(targetFile, targetServices, spec.service, baseNode, chain);
    return extendService(withoutExtends(resolvedBase), own);
  }

  /** The services of an `extends.file`, read, parsed and interpolated once per load. */
  private servicesOf(path: string, from: Span): PMap | null {
    const known = this.files.get(path);
    if (known !== undefined) return known;
    const parsed = readFile(this.ctx, path, { kind: 'extends' }, from);
    let services: PMap | null = null;
    if (parsed?.root) {
      interpolateTree(
        parsed.root,
        parsed.text,
        this.env,
        this.ctx.findings,
        this.ctx.expansion,
        this.ctx.cache !== undefined,
      );
      const s = get(parsed.root, 'services');
      services = isMap(s) ? s : emptyMap({ file: path, start: 0, end: 0 });
    }
    this.files.set(path, services);
    return services;
  }

  private report(code: string, at: Span, message: string): void {
    this.ctx.findings.push({ code, severity: 'error', message, at });
  }
}

function readSpec(n: PNode | null): ExtendsSpec | undefined {
  if (isScalar(n)) {
    const service = str(n);
    return service === undefined ? undefined : { service, serviceSpan: n.span };
  }
  if (!isMap(n)) return undefined;
  const svc = get(n, 'service');
  const service = str(svc);
  if (service === undefined || !svc) return undefined;
  const f = get(n, 'file');
  const path = str(f);
  return {
    service,
    serviceSpan: svc.span,
    ...(path !== undefined && f ? { file: { path, span: f.span } } : {}),
  };
}

/** By body, so an unchanged service extends into the same merged body on every load (merge.ts). */
function withoutExtends(node: PMap): PMap {
  let out = stripped.get(node);
  if (out === undefined) {
    const entries = node.entries.filter((e) => e.key !== 'extends');
    out = entries.length === node.entries.length ? node : { ...node, entries };
    stripped.set(node, out);
  }
  return out;
}

const stripped = new NodeMemo<PMap, PMap>();

function emptyMap(span: Span): PMap {
  return { kind: 'map', entries: [], span };
}

function notFound(name: string, file: string, ref: string): string {
  return `cannot extend service "${name}" in ${file}: service "${ref}" not found`;
}

/** compose-go's cycle tracker text. */
function circular(chain: ServiceRef[]): string {
  const [first, ...rest] = chain;
  const lines = ['Circular reference:', `  ${first?.service} in ${first?.file}`];
  for (const c of rest) lines.push(`  extends ${c.service} in ${c.file}`);
  return lines.join('\n');
}
