import { ResponseError } from 'vscode-languageserver';
import type { Connection, Position, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../features/code-actions';
import { ignoreActions } from '../features/ignore-action';
import { completion } from '../features/completion';
import { featureContext } from '../features/feature-context';
import type { FeatureContext } from '../features/feature-context';
import { hover } from '../features/hover';
import { definition, prepareRename, references, rename } from '../features/navigation';
import { documentSymbols } from '../features/symbols';
import type { WorkspaceFiles } from './file-reader';
import type { ProjectStore } from './project-store';
import { uriToPath } from './uris';
import type { HostSnapshot } from '@switchyard/protocol';
import { manifestCodeActions } from '../features/kubernetes/code-actions';
import { manifestCompletion } from '../features/kubernetes/completion';
import { manifestDefinition } from '../features/kubernetes/definition';
import { manifestHover } from '../features/kubernetes/hover';
import { manifestPrepareRename, manifestReferences, manifestRename } from '../features/kubernetes/rename';
import { manifestSymbols } from '../features/kubernetes/symbols';
import type { KubernetesStore } from './kubernetes-store';

/**
 * Registers the editor features. Each handler finds the document's project (loaded once per edit and shared
 * with validation) and hands it to a pure feature function; a failure is logged and answered with nothing.
 */
export function registerFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  store: ProjectStore,
  files: WorkspaceFiles,
  host: () => HostSnapshot | null,
  kube?: KubernetesStore,
): void {
  /** The manifest project of a Kubernetes file (by content), else undefined: the compose features answer. */
  const manifest = (
    uri: string,
  ): { path: string; project: ReturnType<KubernetesStore['projectFor']> } | undefined => {
    const path = uriToPath(uri);
    if (path === undefined || kube === undefined || !kube.owns(path)) return undefined;
    return { path, project: kube.projectFor(path) };
  };
  const offsetIn = (uri: string, position: Position): number | undefined =>
    documents.get(uri)?.offsetAt(position);
  const uriOf = (p: string): string => files.uriOf(p);
  const guard = <T>(name: string, empty: T, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      // A ResponseError is the answer (e.g. an invalid new name for rename); anything else is our bug.
      if (err instanceof ResponseError) throw err;
      connection.console.error(
        `switchyard: ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      return empty;
    }
  };
  const ctxOf = (uri: string, position: Position): FeatureContext | undefined => {
    const path = uriToPath(uri);
    return path === undefined ? undefined : featureContext(store.projectFor(path), path, position);
  };

  connection.onHover((p) =>
    guard('hover', null, () => {
      const k = manifest(p.textDocument.uri);
      const at = offsetIn(p.textDocument.uri, p.position);
      if (k !== undefined) return at === undefined ? null : manifestHover(k.project, k.path, at);
      const ctx = ctxOf(p.textDocument.uri, p.position);
      return ctx ? hover(ctx) : null;
    }),
  );
  connection.onCompletion((p) =>
    guard('completion', [], () => {
      const k = manifest(p.textDocument.uri);
      const kdoc = documents.get(p.textDocument.uri);
      if (k !== undefined)
        return kdoc ? manifestCompletion(k.project, k.path, kdoc.getText(), kdoc.offsetAt(p.position)) : [];
      const path = uriToPath(p.textDocument.uri);
      const doc = documents.get(p.textDocument.uri);
      if (path === undefined || doc === undefined) return [];
      const project = store.projectFor(path);
      const src = project.sources.get(path);
      if (src === undefined) return [];
      const offset = doc.offsetAt(p.position);
      return completion({ project, text: src.text, lineStarts: src.lineStarts, offset, host: host() });
    }),
  );
  connection.onDefinition((p) =>
    guard('definition', [], () => {
      const k = manifest(p.textDocument.uri);
      const at = offsetIn(p.textDocument.uri, p.position);
      if (k !== undefined) return at === undefined ? [] : manifestDefinition(k.project, k.path, at, uriOf);
      const ctx = ctxOf(p.textDocument.uri, p.position);
      return ctx ? definition(ctx, uriOf) : [];
    }),
  );
  connection.onReferences((p) =>
    guard('references', [], () => {
      const k = manifest(p.textDocument.uri);
      const at = offsetIn(p.textDocument.uri, p.position);
      if (k !== undefined)
        return at === undefined
          ? []
          : manifestReferences(k.project, k.path, at, p.context.includeDeclaration, uriOf);
      const ctx = ctxOf(p.textDocument.uri, p.position);
      return ctx ? references(ctx, p.context.includeDeclaration, uriOf) : [];
    }),
  );
  connection.onPrepareRename((p) =>
    guard('prepareRename', null, () => {
      const k = manifest(p.textDocument.uri);
      const at = offsetIn(p.textDocument.uri, p.position);
      if (k !== undefined) return at === undefined ? null : manifestPrepareRename(k.project, k.path, at);
      const ctx = ctxOf(p.textDocument.uri, p.position);
      return ctx ? prepareRename(ctx) : null;
    }),
  );
  connection.onRenameRequest((p) =>
    guard('rename', null, () => {
      const k = manifest(p.textDocument.uri);
      const at = offsetIn(p.textDocument.uri, p.position);
      if (k !== undefined)
        return at === undefined ? null : manifestRename(k.project, k.path, at, p.newName, uriOf);
      const ctx = ctxOf(p.textDocument.uri, p.position);
      return ctx ? rename(ctx, p.newName, uriOf) : null;
    }),
  );
  connection.onDocumentSymbol((p) =>
    guard('documentSymbol', [], () => {
      const k = manifest(p.textDocument.uri);
      if (k !== undefined) {
        const src = k.project.sources.get(k.path);
        return src ? manifestSymbols(k.project, src) : [];
      }
      const path = uriToPath(p.textDocument.uri);
      if (path === undefined) return [];
      const project = store.projectFor(path);
      const src = project.sources.get(path);
      return src ? documentSymbols(project, src) : [];
    }),
  );
  connection.onCodeAction((p) =>
    guard('codeAction', [], () => {
      const uri = p.textDocument.uri;
      const path = uriToPath(uri);
      const text = path === undefined ? undefined : files.read(path);
      const ignore = text === undefined ? [] : ignoreActions(uri, text, p.context.diagnostics);
      const k = manifest(uri);
      if (k !== undefined)
        return [...manifestCodeActions(k.project, k.path, uri, p.context.diagnostics, uriOf), ...ignore];
      if (path === undefined) return [];
      return [...codeActions(store.projectFor(path), path, p.context.diagnostics, uriOf), ...ignore];
    }),
  );
}
