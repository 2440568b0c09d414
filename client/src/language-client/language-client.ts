import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { HostSnapshotNotification, SERVER_NODE_FLAGS } from '@switchyard/protocol';
import type { HostSnapshot, LspNotification } from '@switchyard/protocol';
import { withoutDryRuns } from '../compose-actions/dry-runs';
import { setting } from '../settings/settings';
import { decideYamlFeatures } from './neighbours';
import type { YamlFeaturesDecision } from './neighbours';
import { linkRulePages } from '../views/rule-pages';

/** What the user's setting and the installed extensions say about the generic YAML features, now. */
function yamlFeatures(): YamlFeaturesDecision {
  return decideYamlFeatures(
    setting('yamlFeatures'),
    (id) => vscode.extensions.getExtension(id) !== undefined,
  );
}

/**
 * Starts the language server. Its messages and traces go to the extension's own log channel, so the Output
 * panel lists one "Switchyard" channel, not two.
 */
export async function startLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<LanguageClient> {
  // Loaded here, not at the top, and only after activate() has returned (setImmediate; a bare import() would
  // still run in activation's microtasks): the client library is a large part of the bundle and activation
  // must not pay for it. esbuild keeps a module reached only through import() uninitialised until this call.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6011'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    // Once active (a compose file, a kustomization or the view asked for it), every YAML file: the server
    // decides by content whether it is a compose file, a Kubernetes manifest (apiVersion + kind), a
    // kustomization, or neither (then it publishes nothing for it).
    documentSelector: [{ language: 'dockercompose' }, { language: 'yaml' }],
    synchronize: {
      // No file watcher here: the server registers the one it needs (watch-files.ts: compose files, .env,
      // .switchyard.yaml), so each change on disk reaches it once.
      // `switchyard.rules` reaches the server at start and on every change of the section.
      configurationSection: 'switchyard',
    },
    outputChannel: log,
    traceOutputChannel: log,
    // A rule's link opens its page shipped with the extension, not the repository on the web.
    middleware: { handleDiagnostics: (uri, diagnostics, next) => next(uri, linkRulePages(diagnostics)) },
    // Read at every (re)start, so a restart after an install or a settings change passes the new answer.
    initializationOptions: () => {
      const decision = yamlFeatures();
      log.info(
        `YAML syntax errors and outline ${decision.enabled ? 'on' : 'left to the other extension'}: ${decision.because}`,
      );
      return {
        yamlFeatures: decision.enabled,
        rules: setting('rules'),
      };
    },
  };
  const client = new LanguageClient('switchyard', 'Switchyard', serverOptions, clientOptions);
  await client.start();
  // Docker DX or Red Hat YAML installed or removed, or the setting changed: restart with the new answer.
  let current = yamlFeatures().enabled;
  const recheck = async () => {
    const next = yamlFeatures().enabled;
    if (next === current) return;
    current = next;
    await client.stop();
    await client.start();
  };
  context.subscriptions.push(
    vscode.extensions.onDidChange(() => void recheck().catch((e: unknown) => log.error(String(e)))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('switchyard.yamlFeatures'))
        void recheck().catch((err: unknown) => log.error(String(err)));
    }),
  );
  return client;
}

/**
 * Tells the server what the connected host holds, so compose files get the host-aware diagnostics. A dry
 * run's networks are left out: they rehearse a compose file, and that file must not be told it overlaps
 * with its own rehearsal.
 */
export async function sendHostSnapshot(client: LanguageClient, snapshot: HostSnapshot | null): Promise<void> {
  await notify(client, HostSnapshotNotification, { snapshot: snapshot && withoutDryRuns(snapshot) });
}

/** Sends one of protocol/'s custom notifications; `params` must have the type the message declares. */
async function notify<P>(client: LanguageClient, message: LspNotification<P>, params: P): Promise<void> {
  await client.sendNotification(message.method, params);
}
