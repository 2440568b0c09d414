import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceFiles } from './file-reader';
import type { ProjectStore } from './project-store';
import { uriToPath } from './uris';
import { basename } from 'node:path';
import { PROJECT_FILE_NAMES } from '../findings/project-file';
import type { Validator } from './validator';
import type { KubernetesStore } from './kubernetes-store';
import type { KubernetesValidator } from './kubernetes-validator';

const COMPOSE_NAME = /(^|[\\/])(docker-)?compose[^\\/]*\.ya?ml$/;
const COMPOSE_KEY = /^(services|networks|volumes|configs|secrets|include|name|version|x-[\w.-]+):/m;

/** A compose file by its name, or by a compose top-level key (and no Kubernetes `apiVersion`). */
export function isComposeLike(path: string, text: string | undefined): boolean {
  if (COMPOSE_NAME.test(path)) return true;
  return text !== undefined && COMPOSE_KEY.test(text) && !/^apiVersion:/m.test(text);
}

/** The Kubernetes side: manifests (by content) go there instead of to the compose projects. */
export interface KubernetesSide {
  store: KubernetesStore;
  validator: KubernetesValidator;
}

/**
 * Document and file events -> stale project loads -> scheduled validations. An edit invalidates every
 * project that read the file (a base file is read by its override's project too).
 */
export function wireDocumentEvents(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  files: WorkspaceFiles,
  store: ProjectStore,
  validator: Validator,
  kube?: KubernetesSide,
): void {
  const owned = (p: string): boolean => kube?.store.owns(p) === true;
  // With the Kubernetes side wired, the client sends every YAML file: the compose side takes only what is
  // compose by name or by a compose top-level key, so a CI workflow or a Helm values file is left alone.
  const composeLike = (p: string): boolean => kube === undefined || isComposeLike(p, files.read(p));
  const openPaths = (): string[] =>
    documents.all().flatMap((d) => {
      const p = uriToPath(d.uri);
      return p === undefined || owned(p) || !composeLike(p) ? [] : [p];
    });
  /** Re-resolves the projects of the open files; a project that changed shape is cleared and re-checked. */
  const regroup = (): void => {
    const open = openPaths();
    for (const gone of store.retain(open)) validator.forget(gone.key);
    for (const p of open) validator.schedule(store.entryFor(p).key);
  };
  const touched = (path: string): void => {
    if (PROJECT_FILE_NAMES.includes(basename(path))) {
      // The project file configures every project below its folder: check them all again.
      validator.scheduleAll();
      kube?.validator.scheduleAll();
      return;
    }
    const keys = store.invalidate(path);
    for (const k of keys) validator.schedule(k);
    if (kube === undefined) return;
    for (const k of kube.store.invalidate(path)) kube.validator.schedule(k);
    if (owned(path) && documents.get(files.uriOf(path)) !== undefined) {
      kube.validator.schedule(kube.store.track(path));
    }
  };
  documents.onDidOpen((e) => {
    const path = files.noteOpen(e.document.uri);
    if (path === undefined) return;
    touched(path);
    if (!owned(path) && composeLike(path)) validator.schedule(store.entryFor(path).key);
  });
  documents.onDidChangeContent((e) => {
    const path = uriToPath(e.document.uri);
    if (path !== undefined) touched(path);
  });
  documents.onDidClose((e) => {
    files.noteClosed(e.document.uri);
    const path = uriToPath(e.document.uri);
    if (path === undefined) return;
    // The buffer is gone: the disk copy is what other projects read now.
    files.invalidate(path);
    touched(path);
    regroup();
  });
  connection.onDidChangeWatchedFiles((e) => {
    for (const change of e.changes) {
      const path = uriToPath(change.uri);
      if (path === undefined) continue;
      files.invalidate(path);
      kube?.store.forgetListings();
      touched(path);
    }
    regroup();
  });
}
