import { SymbolKind } from 'vscode-languageserver';
import type { DocumentSymbol } from 'vscode-languageserver';
import type { SourceText } from '../../compose/project';
import type { K8sProject } from '../../kubernetes/project';
import { spanToRange } from '../../yaml/positions';

const KIND: Record<string, SymbolKind> = {
  Service: SymbolKind.Interface,
  Ingress: SymbolKind.Event,
  NetworkPolicy: SymbolKind.Struct,
  Deployment: SymbolKind.Class,
  StatefulSet: SymbolKind.Class,
  DaemonSet: SymbolKind.Class,
  Pod: SymbolKind.Object,
  Namespace: SymbolKind.Namespace,
};

/** One symbol per object of the file (`Service web`, detail: its namespace), in file order. */
export function manifestSymbols(project: K8sProject, src: SourceText): DocumentSymbol[] {
  return project.objects
    .filter((o) => o.node.span.file === src.path)
    .sort((a, b) => a.node.span.start - b.node.span.start)
    .map((o) => ({
      name: `${o.kind || '(no kind)'} ${o.name || '(no name)'}`,
      ...(o.namespace !== undefined ? { detail: o.namespace } : {}),
      kind: KIND[o.kind] ?? SymbolKind.Object,
      range: spanToRange(src.lineStarts, o.node.span),
      selectionRange: spanToRange(src.lineStarts, o.anchor.file === src.path ? o.anchor : o.node.span),
    }));
}
