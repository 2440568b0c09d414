import type { Connection } from 'vscode-languageserver';
import { ComposeProjectParamsSchema, ComposeProjectRequest } from '@switchyard/protocol';
import type { ComposeProjectModel } from '@switchyard/protocol';
import { networkModel } from '../compose/network-model';
import type { KubernetesStore } from './kubernetes-store';
import { positionAt } from '../yaml/positions';
import type { ProjectStore } from './project-store';
import { uriToPath } from './uris';

/**
 * Answers `switchyard/composeProject`: the networking model of the project a compose file belongs to, loaded
 * once per edit and shared with validation (the store's project), so the extension's code lens, dry run and
 * network creation read the project exactly as the diagnostics do. Null for a file that is not a compose
 * file on disk or in the editor (a Kubernetes manifest, a file of another scheme).
 */
export function onComposeProjectRequest(
  connection: Connection,
  store: ProjectStore,
  kube?: KubernetesStore,
): void {
  connection.onRequest(ComposeProjectRequest, (params: unknown): ComposeProjectModel | null => {
    const parsed = ComposeProjectParamsSchema.safeParse(params);
    if (!parsed.success) {
      connection.console.error(`switchyard: ${ComposeProjectRequest}: ${parsed.error.issues[0]?.message}`);
      return null;
    }
    const path = uriToPath(parsed.data.uri);
    if (path === undefined || kube?.owns(path) === true) return null;
    const project = store.projectFor(path);
    const lineStarts = project.sources.get(path)?.lineStarts ?? [0];
    const { networksKeyOffset, servicesKeyOffset, ...model } = networkModel(project, path);
    return {
      ...model,
      ...(networksKeyOffset !== undefined && { networksKey: positionAt(lineStarts, networksKeyOffset) }),
      ...(servicesKeyOffset !== undefined && { servicesKey: positionAt(lineStarts, servicesKeyOffset) }),
    };
  });
}
