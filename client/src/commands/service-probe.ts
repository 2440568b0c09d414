import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { ServiceInfo } from '@switchyard/protocol';
import type { Host } from '../hosts/host';
import type { ClusterGroup } from '../tree/clusters';
import { clusterGroups } from '../tree/clusters';
import type { TreeNode } from '../tree/nodes';
import { renderSpread, spreadOf, spreadVerdict } from '../views/service-spread';
import { services } from './command-context';
import type { CommandContext } from './command-context';
import { probePayload, probeSandbox, probeSandboxName, probeTargets } from './service-probe-plan';
import type { ProbeTarget } from './service-probe-plan';

/**
 * "Probe this service": N requests through its VIP (or name, in dnsrr mode) from a sandbox on its network,
 * or to a port it publishes on a host of the cluster from another host, sent by the engine of the host the
 * user picks (`service.probe`); the answers are matched to replicas and the spread is shown as a report.
 */
export async function probeService(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const picked =
    node?.kind === 'service' ? { group: node.group, service: node.service } : await pickService(ctx);
  if (!picked) return;
  const { group, service } = picked;
  const from = await pickHost(group);
  const client = from?.engine?.client;
  if (!from || !client) return;
  const target = await pickTarget(service, group);
  if (!target) return;
  const port = target.port ?? (await askPort(target));
  if (port === undefined) return;
  const count = await askCount();
  if (count === undefined) return;
  const payload = await askPayload(service.name);
  if (payload === null) return;

  let made: string | undefined;
  try {
    let source: { from: { sandbox: string } | { pid: number }; label: string };
    if (target.kind === 'published') {
      const pid = from.engine?.pid;
      if (pid === undefined)
        throw new Error(vscode.l10n.t('the engine on {0} did not say its pid', from.label));
      source = { from: { pid }, label: vscode.l10n.t('host {0}', from.label) };
    } else {
      const network = target.network as string;
      const existing = probeSandbox(from.engine?.sandboxes ?? [], network, service);
      if (existing) source = { from: { sandbox: existing.name }, label: `${existing.name} on ${from.label}` };
      else {
        made = probeSandboxName(service.name, randomBytes(3).toString('hex'));
        await client.call('sandbox.create', { name: made, networks: [network] });
        source = {
          from: { sandbox: made },
          label: vscode.l10n.t('{0} (made for this probe) on {1}', made, from.label),
        };
      }
    }
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Probing {0}: {1} requests to {2}:{3}', service.name, count, target.host, port),
        cancellable: true,
      },
      (_p, token) =>
        client.call(
          'service.probe',
          { from: source.from, host: target.host, port, count, ...(payload !== undefined && { payload }) },
          token,
        ),
    );
    // The replicas as they are now, not as the tree last saw them: a scale may have happened meanwhile.
    const now = await client.call('service.inspect', { service: service.id }).catch(() => service);
    const spread = spreadOf(now, result.answers);
    const reports = services(ctx).reports;
    await reports.show(
      reports.uri(group.store.replace(/[^a-zA-Z0-9_.-]/g, '_'), `probe-${service.name}`),
      renderSpread(now, `${target.label} (${target.description})`, source.label, spread, result.stopped),
    );
    void vscode.window.showInformationMessage(`${service.name}: ${spreadVerdict(spread)}`);
  } finally {
    if (made) {
      await client.call('sandbox.rm', { sandbox: made, force: true }).catch((err: unknown) => {
        ctx.log.warn(
          `probe sandbox ${made ?? ''} on ${from.label} was not removed: ${(err as Error).message}`,
        );
      });
    }
  }
}

async function pickService(
  ctx: CommandContext,
): Promise<{ group: ClusterGroup; service: ServiceInfo } | undefined> {
  const items = clusterGroups(ctx.hosts.hosts).flatMap((group) =>
    group.services.map((service) => ({ label: service.name, description: group.store, group, service })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No services: connect hosts whose engines share a cluster store and create a service first.',
      ),
    );
    return undefined;
  }
  return vscode.window.showQuickPick(items, { title: vscode.l10n.t('Probe which service?') });
}

async function pickHost(group: ClusterGroup): Promise<Host | undefined> {
  const hosts = group.hosts.filter((h) => h.engine?.client);
  if (hosts.length <= 1) return hosts[0];
  const picked = await vscode.window.showQuickPick(
    hosts.map((host) => ({ label: host.label, host })),
    { title: vscode.l10n.t('Send the requests from which host?') },
  );
  return picked?.host;
}

async function pickTarget(service: ServiceInfo, group: ClusterGroup): Promise<ProbeTarget | undefined> {
  const nodes = group.hosts.flatMap((h) => h.engine?.cluster?.nodes ?? []);
  const hosts = [
    ...new Map(nodes.filter((n) => n.state === 'alive').map((n) => [n.host, n.address])).entries(),
  ].map(([name, address]) => ({ name, address }));
  const targets = probeTargets(service, hosts);
  if (targets.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} has neither a virtual IP nor a published port to probe.', service.name),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    targets.map((t) => ({ label: t.label, description: t.description, target: t })),
    { title: vscode.l10n.t('Send the requests to…') },
  );
  return picked?.target;
}

async function askPort(target: ProbeTarget): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Port on {0}', target.label),
    value: '80',
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535
        ? undefined
        : vscode.l10n.t('A port from 1 to 65535'),
  });
  return text ? Number(text) : undefined;
}

async function askCount(): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('How many requests?'),
    value: '30',
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1000 ? undefined : vscode.l10n.t('From 1 to 1000'),
  });
  return text ? Number(text) : undefined;
}

/** The payload, undefined for none, null when the user cancelled. */
async function askPayload(service: string): Promise<string | undefined | null> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('HTTP GET /'), description: 'GET / HTTP/1.0', send: 'http' as const },
      {
        label: vscode.l10n.t('Read what the service says first'),
        description: vscode.l10n.t('send nothing'),
        send: 'none' as const,
      },
    ],
    { title: vscode.l10n.t('What does each request send?') },
  );
  return picked ? probePayload(picked.send, service) : null;
}
