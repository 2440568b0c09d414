import * as vscode from 'vscode';
import { z } from 'zod';
import type { Host } from '../../hosts/host';
import type { HostRegistry } from '../../hosts/registry';
import type { TreeNode } from '../../tree/nodes';
import { treeNodeFor } from './find-node';
import { buildClusterGraph, clusterPeers } from './graph';
import { topologyHtml } from './html';

const FromWebview = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('reveal'), id: z.string().max(400) }),
]);

/** One topology panel per host; shown again (not duplicated) when asked twice, redrawn when the host changes. */
export class TopologyPanel {
  private static readonly open = new Map<string, TopologyPanel>();

  /** `hosts`: every host of the window, so the hosts that share an overlay with `host` are drawn too. */
  static show(
    host: Host,
    treeView: vscode.TreeView<TreeNode>,
    extensionUri: vscode.Uri,
    hosts: HostRegistry,
  ): void {
    const existing = TopologyPanel.open.get(host.id);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    TopologyPanel.open.set(host.id, new TopologyPanel(host, treeView, extensionUri, hosts));
  }

  private readonly panel: vscode.WebviewPanel;
  private redraw: NodeJS.Timeout | undefined;

  private constructor(
    private readonly host: Host,
    private readonly treeView: vscode.TreeView<TreeNode>,
    extensionUri: vscode.Uri,
    private readonly hosts: HostRegistry,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel(
      'switchyard.topology',
      vscode.l10n.t('Topology: {0}', host.label),
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: true },
    );
    const webview = this.panel.webview;
    webview.html = topologyHtml(
      webview,
      webview.asWebviewUri(vscode.Uri.joinPath(dist, 'topology.js')),
      vscode.l10n.t('Topology of {0}', host.label),
      vscode.l10n.t(
        'blue: Docker network · purple: engine network · orange: container · green: sandbox · boxes: the hosts of a cluster, with overlays between them — click to show in the tree',
      ),
    );
    const subs = [
      webview.onDidReceiveMessage((raw: unknown) => void this.received(raw)),
      // Any host: one that shares an overlay with this one is drawn beside it.
      hosts.onDidChange(() => this.scheduleRedraw()),
    ];
    this.panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.redraw) clearTimeout(this.redraw);
      TopologyPanel.open.delete(host.id);
    });
  }

  private async received(raw: unknown): Promise<void> {
    const msg = FromWebview.safeParse(raw);
    if (!msg.success) return;
    if (msg.data.type === 'ready') return this.post();
    const node = treeNodeFor(this.host, msg.data.id, this.hosts.hosts);
    if (!node) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('That item is gone from {0}; the graph is redrawn.', this.host.label),
      );
      return this.post();
    }
    await this.treeView.reveal(node, { select: true, focus: true, expand: true });
  }

  /** Event bursts (a compose up is dozens of events) become one redraw. */
  private scheduleRedraw(): void {
    if (this.redraw) clearTimeout(this.redraw);
    this.redraw = setTimeout(() => {
      this.redraw = undefined;
      void this.post();
    }, 300);
  }

  private drawnHosts(): Host[] {
    const globalIds = (h: Host) =>
      (h.engine?.networks ?? []).filter((n) => n.Scope === 'global').map((n) => n.Id);
    const view = (h: Host) => ({ id: h.id, host: h, globalNetworkIds: globalIds(h) });
    const connected = this.hosts.hosts.filter((h) => h.state === 'connected').map(view);
    return clusterPeers(view(this.host), connected).map((v) => v.host);
  }

  private async post(): Promise<void> {
    const elements = buildClusterGraph(
      this.drawnHosts().map((h) => ({
        hostId: h.id,
        hostLabel: h.label,
        dockerNetworks: h.networks,
        engineNetworks: h.engine?.networks ?? [],
        sandboxes: h.engine?.sandboxes ?? [],
      })),
    );
    await this.panel.webview.postMessage({ type: 'graph', elements });
  }
}
