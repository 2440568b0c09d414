import type * as vscode from 'vscode';
import type { ComposeProjects } from '../compose-actions/projects';
import type { ClusterMemberships } from '../engine-control/memberships';
import type { Host } from '../hosts/host';
import type { HostRegistry } from '../hosts/registry';
import type { TreeNode } from '../tree/nodes';
import type { HostsTree } from '../tree/provider';
import type { InspectDocuments } from '../views/inspect-documents';
import type { ViewServices } from '../views/services';
import type { WalkthroughProgress } from '../walkthrough';

/** What every command may use; built once in extension.ts. */
export interface CommandContext {
  hosts: HostRegistry;
  tree: HostsTree;
  log: vscode.LogOutputChannel;
  inspect: InspectDocuments;
  /** Where ping, DNS, TCP probe and capture write what they see. */
  diagnostics: vscode.OutputChannel;
  /** Where the bundled engine is read from for deploying. */
  extensionUri: vscode.Uri;
  /** The cluster each host's engine belongs to (Form Cluster, Leave Cluster, Deploy). */
  memberships?: ClusterMemberships;
  /** Log viewers, the tree view (for reveal), report documents (logs, topology, compose dry runs). */
  views?: ViewServices;
  /** Compose projects as the language server reads them (the lens commands' one compose reader). */
  composeProjects?: ComposeProjects;
  /** Ticks the walkthrough's steps whose completion event happened (a command ran). */
  walkthrough?: WalkthroughProgress;
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
