import * as vscode from 'vscode';
import type { HostRegistry } from '../hosts/registry';
import { readComposeProject } from './model';
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

  constructor(private readonly hosts: HostRegistry) {
    hosts.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    let project;
    try {
      project = readComposeProject(doc.getText(), 'project');
    } catch {
      return []; // a file mid-edit that YAML cannot read yet: the language server reports why
    }
    const host = this.hosts.active;
    const args: ComposeLensArgs = { composeUri: doc.uri.toString() };
    const at = (offset: number) => new vscode.Range(doc.positionAt(offset), doc.positionAt(offset));
    if (!host || host.state !== 'connected') {
      const offset = project.networksKeyOffset ?? project.servicesKeyOffset;
      if (offset === undefined) return [];
      return [
        new vscode.CodeLens(at(offset), {
          title: vscode.l10n.t('Connect a host to create these networks or dry-run them'),
          command: 'switchyard.host.connect',
        }),
      ];
    }
    const lenses: vscode.CodeLens[] = [];
    if (project.networksKeyOffset !== undefined) {
      lenses.push(
        new vscode.CodeLens(at(project.networksKeyOffset), {
          title: vscode.l10n.t('Create these networks on {0}', host.label),
          command: 'switchyard.compose.createNetworks',
          arguments: [args],
        }),
      );
    }
    const dryAt = project.servicesKeyOffset ?? project.networksKeyOffset;
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
