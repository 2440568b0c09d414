import type * as vscode from 'vscode';
import type { ClusterMemberships } from '../engine/memberships';
import type { HostRegistry } from '../hosts/registry';
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
  /** Ticks the walkthrough's steps whose completion event happened (a command ran). */
  walkthrough?: WalkthroughProgress;
}
