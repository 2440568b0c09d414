import type * as vscode from 'vscode';
import type { LogDocuments } from '../logs/log-documents';
import type { TreeNode } from '../tree/nodes';
import type { ReportDocuments } from './report-documents';

/** The log viewers, the tree view (for reveal) and report documents, for the commands that need them. */
export interface ViewServices {
  logs: LogDocuments;
  treeView: vscode.TreeView<TreeNode>;
  reports: ReportDocuments;
}
