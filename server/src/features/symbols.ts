import { SymbolKind } from 'vscode-languageserver';
import type { DocumentSymbol } from 'vscode-languageserver';
import type { ComposeProject, SourceText } from '../compose/project';
import { get, isMap } from '../yaml/tree';
import type { PEntry, PMap } from '../yaml/tree';
import { rangeOf } from '../lsp/diagnostics';

/** Top-level sections whose entries are named things worth listing in the outline. */
const KINDS: Record<string, SymbolKind> = {
  services: SymbolKind.Class,
  networks: SymbolKind.Interface,
  volumes: SymbolKind.Object,
  configs: SymbolKind.File,
  secrets: SymbolKind.Key,
};

/** Outline of one file: each top-level section, with its services, networks, volumes, … inside. */
export function documentSymbols(project: ComposeProject, src: SourceText): DocumentSymbol[] {
  if (src.root === null) return [];
  return src.root.entries.map((e) => section(project, e));
}

function section(project: ComposeProject, e: PEntry): DocumentSymbol {
  const kind = KINDS[e.key];
  const children =
    kind !== undefined && isMap(e.value) ? e.value.entries.map((c) => named(project, c, kind)) : [];
  return symbol(project, e, SymbolKind.Namespace, children);
}

function named(project: ComposeProject, e: PEntry, kind: SymbolKind): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  const nets = kind === SymbolKind.Class ? get(e.value, 'networks') : undefined;
  if (isMap(nets)) for (const n of nets.entries) children.push(symbol(project, n, SymbolKind.Interface, []));
  return symbol(project, e, kind, children, detailOf(e.value, kind));
}

function detailOf(body: PEntry['value'], kind: SymbolKind): string | undefined {
  if (!isMap(body)) return undefined;
  const key = kind === SymbolKind.Class ? 'image' : kind === SymbolKind.Interface ? 'driver' : undefined;
  const v = key ? get(body as PMap, key) : undefined;
  return v?.kind === 'scalar' && v.value !== null ? String(v.value) : undefined;
}

function symbol(
  project: ComposeProject,
  e: PEntry,
  kind: SymbolKind,
  children: DocumentSymbol[],
  detail?: string,
): DocumentSymbol {
  const end =
    e.value !== null && e.value.span.file === e.keySpan.file
      ? Math.max(e.value.span.end, e.keySpan.end)
      : e.keySpan.end;
  return {
    name: e.key === '' ? '(empty key)' : e.key,
    kind,
    range: rangeOf(project, { file: e.keySpan.file, start: e.keySpan.start, end }),
    selectionRange: rangeOf(project, e.keySpan),
    children,
    ...(detail !== undefined ? { detail } : {}),
  };
}
