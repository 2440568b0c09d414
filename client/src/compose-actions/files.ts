import { classifyManifest, isKubernetesInput } from '@switchyard/core';

/**
 * Compose files by name, as `docker compose` and its overrides are named (`compose.yaml`, `compose.prod.yml`,
 * `docker-compose.override.yml`, `compose-dev.yaml`). The code lens selector, the palette's `when` clauses and
 * the `dockercompose` filename patterns the manifest adds (so opening one activates the extension) all say
 * this; `test/unit/client/manifest/manifest.test.ts` checks they agree.
 */
export const COMPOSE_GLOB = '**/{compose,docker-compose}*.{yml,yaml}';
export const COMPOSE_NAME = /^(compose|docker-compose).*\.ya?ml$/;

/** The part of a text document this module reads (a `vscode.TextDocument` is one). */
export interface DocumentLike {
  languageId: string;
  fileName: string;
  getText(): string;
}

/**
 * Whether Switchyard has something to say about a document: a compose file (by language, name or a top-level
 * `services:`), or what the Kubernetes side of the server reads (manifests, kustomizations, charts). Other YAML
 * (CI workflows, Helm values) is none of its business.
 */
export function isSwitchyardDocument(doc: DocumentLike): boolean {
  if (doc.languageId === 'dockercompose') return true;
  if (doc.languageId !== 'yaml') return false;
  const name = doc.fileName.slice(
    Math.max(doc.fileName.lastIndexOf('/'), doc.fileName.lastIndexOf('\\')) + 1,
  );
  if (COMPOSE_NAME.test(name)) return true;
  const kind = classifyManifest(doc.fileName, doc.getText());
  return kind === 'compose' || isKubernetesInput(kind);
}
