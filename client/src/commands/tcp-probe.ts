import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';
import { pickTarget, probeSourceOrPick } from './targets';

/** Opens a TCP connection from the sandbox or container to HOST:PORT and reports how long it took. */
export async function tcpProbe(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const src = await probeSourceOrPick(ctx, node, vscode.l10n.t('TCP probe from…'));
  const engine = src?.host.engine?.client;
  if (!src || !engine) return;
  const host = await pickTarget(
    src.host,
    vscode.l10n.t('TCP probe from {0} to…', src.label),
    'address',
    ctx.hosts.hosts,
  );
  if (!host) return;
  const portText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Port on {0}', host),
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535
        ? undefined
        : vscode.l10n.t('A port from 1 to 65535'),
  });
  if (!portText) return;
  const r = await engine.call('diag.tcp', { from: src.from, host, port: Number(portText) });
  const out = ctx.diagnostics;
  out.show(true);
  out.appendLine(
    r.connected
      ? `$ tcp ${host} ${portText}: connected in ${r.ms} ms from ${r.localAddress ?? '?'}`
      : `$ tcp ${host} ${portText}: failed after ${r.ms} ms: ${r.error ?? 'no answer'}`,
  );
}
