import type * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import type { Host } from '../hosts/host';
import type { LogDocuments } from '../logs/log-documents';
import type { TreeNode } from '../tree/nodes';
import type { ReportDocuments } from './report-documents';

/** The log viewers, the tree view (for reveal) and report documents, for the commands that need them. */
export interface ViewServices {
  logs: LogDocuments;
  treeView: vscode.TreeView<TreeNode>;
  reports: ReportDocuments;
}

/** The host a command is about: the tree row's host, else the active one. */
export function targetHost(ctx: CommandContext, node?: TreeNode): Host | undefined {
  return node && 'host' in node ? node.host : ctx.hosts.active;
}

/** The services, which extension.ts always provides; a clear error if a caller forgot. */
export function services(ctx: CommandContext): ViewServices {
  if (!ctx.views) throw new Error('extension wiring: CommandContext.views is missing');
  return ctx.views;
}
