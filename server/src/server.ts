// The language server's entry point: wiring only. See lsp/ for the document store, project resolution and
// validation, features/ for hover, completion, navigation and quick fixes.
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import type { ClientCapabilities } from 'vscode-languageserver/node';
import { ServerOptionsSchema } from '@switchyard/protocol';
import type { HostSnapshot } from '@switchyard/protocol';
import { capabilities } from './lsp/capabilities';
import { wireDocumentEvents } from './lsp/document-events';
import { registerFeatures } from './lsp/features';
import { WorkspaceFiles } from './lsp/file-reader';
import { onHostSnapshot } from './lsp/host-snapshot';
import { onComposeProjectRequest } from './lsp/compose-project-request';
import { ProjectStore } from './lsp/project-store';
import { Validator } from './lsp/validator';
import { watchComposeFiles } from './lsp/watch-files';
import { KubernetesStore } from './lsp/kubernetes-store';
import { KubernetesValidator } from './lsp/kubernetes-validator';
import { uriToPath } from './lsp/uris';
import { notingTextDocuments } from './lsp/text-document';
import { RuleLayer } from './lsp/rule-layer';
import { findHelm, helmTemplate } from './lint-cli/helm';
import { ServerSettingsSchema } from '@switchyard/protocol';
import { leaveGenericYamlToNeighbours } from './lsp/yaml-features';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(notingTextDocuments);
const files = new WorkspaceFiles(documents);
const store = new ProjectStore(files);
const layer = new RuleLayer(files);
const validator = new Validator(connection, store, files, layer);
const helm = findHelm(process.env['PATH']);
const kubeStore = new KubernetesStore(files, undefined, helm !== undefined ? helmTemplate(helm) : undefined);
const kube = { store: kubeStore, validator: new KubernetesValidator(connection, kubeStore, files, layer) };
let host: HostSnapshot | null = null;

let clientCapabilities: ClientCapabilities = {};

connection.onInitialize((params) => {
  clientCapabilities = params.capabilities;
  const folders = (params.workspaceFolders ?? []).map((f) => f.uri);
  if (params.rootUri) folders.push(params.rootUri);
  kubeStore.setWorkspaceRoots(folders.flatMap((u) => uriToPath(u) ?? []));
  const options = ServerOptionsSchema.safeParse(params.initializationOptions ?? {});
  if (!options.success)
    connection.console.error(
      `switchyard: initializationOptions ignored: ${options.error.issues[0]?.message}`,
    );
  const yamlFeatures = options.success ? options.data.yamlFeatures : true;
  leaveGenericYamlToNeighbours(!yamlFeatures);
  layer.setEditorSettings(options.success ? options.data.rules : undefined);
  return {
    capabilities: { ...capabilities, documentSymbolProvider: yamlFeatures },
    serverInfo: { name: 'switchyard', version: '0.1.0' },
  };
});
connection.onInitialized(() => watchComposeFiles(connection, clientCapabilities));
wireDocumentEvents(connection, documents, files, store, validator, kube);
// `switchyard.rules`: the client sends the `switchyard` section on every change (configurationSection).
connection.onDidChangeConfiguration((p) => {
  const section = (p.settings as { switchyard?: unknown } | null)?.switchyard;
  if (section === undefined) return;
  layer.setEditorSettings(settingsOf(section).rules);
  validator.scheduleAll();
  kube.validator.scheduleAll();
});
registerFeatures(connection, documents, store, files, () => host, kubeStore);
onComposeProjectRequest(connection, store, kubeStore);
onHostSnapshot(connection, (snapshot) => {
  host = snapshot;
  validator.setHost(snapshot);
});

/** The server's settings from the client; anything malformed counts as none (zod at the boundary). */
function settingsOf(raw: unknown): { rules?: unknown } {
  const r = ServerSettingsSchema.safeParse(raw ?? {});
  return r.success ? r.data : {};
}

documents.listen(connection);
connection.listen();
