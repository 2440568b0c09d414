import * as vscode from 'vscode';
import type { Host } from '../hosts/host';
import { dockerode } from '../docker/dockerode';
import type { CreatePlanItem, CreateTarget } from './create-plan';
import { dockerCreateBody, engineCreateParams } from '../engine-control/network-request';

/** The plan in words, one line per network, for the confirmation. */
export function describePlan(items: CreatePlanItem[]): string {
  return items
    .map((i) => {
      const r = i.request;
      const subnets = r.ipam.map((c) => c.subnet ?? '(auto)').join(', ') || '(auto)';
      const head = `${r.name} (${r.driver}, ${subnets}${r.internal ? ', internal' : ''}${r.enableIpv6 ? ', IPv6' : ''})`;
      if (!i.skip) return `✓ ${head}`;
      return `${i.error ? '✗' : '–'} ${head}: ${i.skip}`;
    })
    .join('\n');
}

/** Creates each planned network; one failure does not stop the others. Returns a line per network. */
export async function createPlanned(
  host: Host,
  target: CreateTarget,
  items: CreatePlanItem[],
): Promise<string[]> {
  const out: string[] = [];
  for (const item of items.filter((i) => !i.skip)) {
    try {
      if (target === 'engine') {
        const client = host.engine?.client;
        if (!client) throw new Error(vscode.l10n.t('the engine on {0} is not connected', host.label));
        await client.call('network.create', engineCreateParams(item.request));
      } else {
        if (!host.transport) throw new Error(vscode.l10n.t('{0} is not connected', host.label));
        await (await dockerode(host.transport)).createNetwork(dockerCreateBody(item.request));
      }
      out.push(`✓ ${item.request.name}`);
    } catch (err) {
      out.push(`✗ ${item.request.name}: ${(err as Error).message}`);
    }
  }
  await host.refresh();
  return out;
}
