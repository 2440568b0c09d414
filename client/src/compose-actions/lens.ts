import * as vscode from 'vscode';
import type { HostRegistry } from '../hosts/registry';
import type { ComposeProjectModel } from '@switchyard/protocol';
import type { ComposeProjects } from './projects';
import { COMPOSE_GLOB } from './files';

/** Compose files by the names `docker compose` looks for (`files.ts`). */
export const COMPOSE_SELECTOR: vscode.DocumentSelector = [
  { language: 'dockercompose' },
  { language: 'yaml', pattern: COMPOSE_GLOB },
];

/** What the lens commands receive: the compose file. */
export interface ComposeLensArgs {
  composeUri: string;
}

/**
 * Above the top-level `networks:`: "Create these networks on HOST"; above `services:` (or `networks:` when
 * there are no services): "Dry-run this project's network on HOST". HOST is the active host.
 */
export class ComposeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly hosts: HostRegistry,
    private readonly projects: ComposeProjects,
  ) {
    hosts.onDidChange(() => this.changed.fire());
    projects.onDidStart(() => this.changed.fire());
  }

  async provideCodeLenses(
    doc: vscode.TextDocument,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeLens[]> {
    // The project as the language server reads it (override files, .env, extends): the same the diagnostics
    // beside the lens come from.
    const project = await this.projects.modelOf(doc.uri, token).catch(() => undefined);
    if (!project) return [];
    const host = this.hosts.active;
    const args: ComposeLensArgs = { composeUri: doc.uri.toString() };
    const at = (p: { line: number; character: number }) =>
      new vscode.Range(p.line, p.character, p.line, p.character);
    if (!host || host.state !== 'connected') {
      const where = project.networksKey ?? project.servicesKey;
      if (where === undefined) return [];
      return [
        new vscode.CodeLens(at(where), {
          title: vscode.l10n.t('Connect a host to create these networks or dry-run them'),
          command: 'switchyard.host.connect',
        }),
      ];
    }
    const lenses: vscode.CodeLens[] = [];
    if (project.networksKey !== undefined) {
      lenses.push(
        new vscode.CodeLens(at(project.networksKey), {
          title: vscode.l10n.t('Create these networks on {0}', host.label),
          command: 'switchyard.compose.createNetworks',
          arguments: [args],
        }),
      );
    }
    const dryAt = project.servicesKey ?? project.networksKey;
    if (dryAt !== undefined && project.services.length > 0) {
      lenses.push(
        new vscode.CodeLens(at(dryAt), {
          title: vscode.l10n.t("Dry-run this project's network on {0}", host.label),
          command: 'switchyard.compose.dryRun',
          arguments: [args],
        }),
      );
    }
    return lenses;
  }
}

/**
 * The project of a compose document as the language server reads it; undefined (and the user told why) when
 * the server is not running yet or the file is not part of a compose project.
 */
export async function composeModel(
  projects: ComposeProjects | undefined,
  doc: vscode.TextDocument,
): Promise<ComposeProjectModel | undefined> {
  if (!projects?.ready) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('The Switchyard language server is still starting; try again in a moment.'),
    );
    return undefined;
  }
  const model = await projects.modelOf(doc.uri);
  if (!model)
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        '{0} is not a compose file the language server reads.',
        doc.uri.path.split('/').pop() ?? '',
      ),
    );
  return model;
}

/** The compose document a lens command is about: its argument, else the active editor's file. */
export async function composeDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri =
    typeof arg === 'object' && arg !== null && 'composeUri' in arg && typeof arg.composeUri === 'string'
      ? vscode.Uri.parse(arg.composeUri)
      : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a compose file first.'));
    return undefined;
  }
  return vscode.workspace.openTextDocument(uri);
}
