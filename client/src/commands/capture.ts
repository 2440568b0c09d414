import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';
import { probeSourceOrPick } from './targets';

/** Captures packets inside a sandbox or container (packet and time limits) and saves the pcap locally. */
export async function capture(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const src = await probeSourceOrPick(ctx, node, vscode.l10n.t('Capture packets in…'));
  const engine = src?.host.engine?.client;
  if (!src || !engine) return;
  const filter = await vscode.window.showInputBox({
    title: vscode.l10n.t('Capture in {0}: tcpdump filter (empty for all traffic)', src.label),
    placeHolder: 'icmp or port 53',
  });
  if (filter === undefined) return;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save capture as'),
    defaultUri: vscode.Uri.file(`${src.label}.pcap`),
    filters: { pcap: ['pcap'] },
  });
  if (!target) return;
  const r = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Capturing in {0} (10 s or 200 packets)…', src.label),
    },
    () =>
      engine.call('diag.capture', {
        from: src.from,
        maxPackets: 200,
        maxSeconds: 10,
        filter: filter.split(/\s+/).filter(Boolean),
        inlineMaxBytes: 16_000_000,
      }),
  );
  if (r.base64 === undefined) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The capture ({0} bytes) stays on the host at {1}.', r.bytes, r.file),
    );
    return;
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(r.base64, 'base64'));
  ctx.diagnostics.appendLine(
    `$ capture in ${src.label}: ${r.packets} packets, ${r.bytes} bytes -> ${target.fsPath}`,
  );
}
