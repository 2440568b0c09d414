import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';
import { pickTarget, probeSourceOrPick } from './targets';

/** Resolves a name exactly as the sandbox or container resolves it (through its own resolver). */
export async function dnsLookup(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const src = await probeSourceOrPick(ctx, node, vscode.l10n.t('DNS lookup from…'));
  const engine = src?.host.engine?.client;
  if (!src || !engine) return;
  const name = await pickTarget(
    src.host,
    vscode.l10n.t('Resolve from {0}…', src.label),
    'name',
    ctx.hosts.hosts,
  );
  if (!name) return;
  const r = await engine.call('diag.dns', { from: src.from, name, type: 'A' });
  const out = ctx.diagnostics;
  out.show(true);
  out.appendLine(`$ dns ${name}   (from ${src.label}, server ${r.server}): ${r.status} in ${r.ms} ms`);
  for (const a of r.answers) out.appendLine(`  ${a.name} ${a.ttl} ${a.type} ${a.data}`);
}
