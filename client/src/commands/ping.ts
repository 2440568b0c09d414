import * as vscode from 'vscode';
import { z } from 'zod';
import { PingReplySchema } from '@switchyard/protocol';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';
import { pickTarget, probeSourceOrPick } from './targets';

/** Ping from a sandbox or container to another endpoint picked by name; replies stream into the output. */
export async function ping(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const src = await probeSourceOrPick(ctx, node, vscode.l10n.t('Ping from…'));
  if (!src) return;
  const engine = src.host.engine?.client;
  if (!engine) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Run ping from a sandbox or container on a host whose engine is running.'),
    );
    return;
  }
  const target = await pickTarget(
    src.host,
    vscode.l10n.t('Ping from {0} to…', src.label),
    'address',
    ctx.hosts.hosts,
  );
  if (!target) return;
  const out = ctx.diagnostics;
  out.show(true);
  out.appendLine(`$ ping ${target}   (from ${src.label} on ${src.host.label})`);
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Pinging {0}…', target),
      cancellable: true,
    },
    async (_p, token) => {
      const summary = await engine.stream(
        'diag.ping',
        { from: src.from, host: target, count: 4 },
        (data) => {
          const reply = PingReplySchema.safeParse(data);
          if (reply.success) {
            out.appendLine(
              `reply from ${reply.data.from}: seq=${reply.data.seq} ttl=${reply.data.ttl} time=${reply.data.ms} ms`,
            );
          } else if (z.string().safeParse(data).success) out.appendLine(String(data));
        },
        token,
      );
      out.appendLine(
        `${summary.transmitted} packets transmitted, ${summary.received} received, ${summary.lossPercent}% packet loss` +
          (summary.rttAvgMs !== undefined
            ? `, rtt min/avg/max ${summary.rttMinMs}/${summary.rttAvgMs}/${summary.rttMaxMs} ms`
            : ''),
      );
    },
  );
}
