import * as vscode from 'vscode';
import type { Host } from '../hosts/host';
import { becomeRoot } from '../engine-control/sudo';
import type { RootRunner } from '../engine-control/sudo';
import {
  checkAdvertiseAddr,
  ETCD_CLIENT_PORT,
  ETCD_DATA_DIR,
  ETCD_PEER_PORT,
  etcdMemberName,
  hostAddresses,
  memberStore,
  parseStore,
  storeIsLoopback,
} from '../engine-control/cluster-membership';
import type { ClusterMembership, EtcdMember } from '../engine-control/cluster-membership';
import {
  hasEtcd,
  installEtcd,
  startEtcdMember,
  stopEtcdMember,
  waitEtcdHealthy,
} from '../engine-control/etcd-member';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

/**
 * Form Cluster: the chosen connected hosts get one cluster store (an etcd the user names, or one etcd member
 * started on each of them) and their engines are restarted with it, so overlay networks span them. Progress is
 * shown per host; a host that fails is named and the others go on.
 */
export async function formCluster(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const connected = ctx.hosts.hosts.filter((h) => h.state === 'connected' && h.transport);
  if (connected.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect to the hosts of the cluster first.'));
    return;
  }
  const first = node && 'host' in node ? node.host : undefined;
  const picked = await vscode.window.showQuickPick(
    connected.map((h) => ({ label: h.label, host: h, picked: h === first })),
    { title: vscode.l10n.t('Form cluster (1/3): hosts'), canPickMany: true },
  );
  if (!picked || picked.length === 0) return;
  const hosts = picked.map((p) => p.host);
  const addresses = await askAddresses(hosts);
  if (!addresses) return;
  const store = await askStore(ctx, hosts, addresses);
  if (!store) return;
  const failures: string[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Forming the cluster') },
    async (progress) => {
      for (const host of hosts) {
        const membership: ClusterMembership = {
          store: store.store,
          advertiseAddr: addresses.get(host) as string,
          opts: store.opts,
          ...(store.members.has(host) ? { etcdMember: store.members.get(host) } : {}),
        };
        try {
          await ctx.memberships?.set(host.id, membership);
          await host.engine?.deploy(
            (message) => progress.report({ message: `${host.label}: ${message}` }),
            membership,
          );
        } catch (err) {
          ctx.log.error(`form cluster: ${host.label}: ${String(err)}`);
          failures.push(`${host.label}: ${(err as Error).message}`);
        }
      }
    },
  );
  if (failures.length > 0)
    void vscode.window.showErrorMessage(vscode.l10n.t('Some hosts did not join: {0}', failures.join('; ')));
  else
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} hosts share the store {1}.', String(hosts.length), store.store),
    );
}

/** Each host's address on the underlay, picked from its interfaces (`ip -json addr`) or typed. */
async function askAddresses(hosts: Host[]): Promise<Map<Host, string> | undefined> {
  const out = new Map<Host, string>();
  for (const host of hosts) {
    const r = await host.transport?.exec(['ip', '-json', 'addr']);
    const found = hostAddresses(r?.stdout ?? '');
    const title = vscode.l10n.t(
      'Form cluster (2/3): address of {0} on the network between the hosts',
      host.label,
    );
    const typed = vscode.l10n.t('Type an address…');
    const pick =
      found.length > 0
        ? await vscode.window.showQuickPick(
            [...found.map((a) => ({ label: a.address, description: a.ifname })), { label: typed }],
            { title },
          )
        : { label: typed };
    if (!pick) return undefined;
    const address =
      pick.label === typed
        ? await vscode.window.showInputBox({ title, validateInput: (v) => checkAdvertiseAddr(v) })
        : pick.label;
    if (!address) return undefined;
    out.set(host, address.trim());
  }
  return out;
}

interface StoreChoice {
  store: string;
  opts: Record<string, string>;
  /** Hosts where an etcd member was started for this cluster. */
  members: Map<Host, { name: string; dataDir: string; pidFile: string }>;
}

async function askStore(
  ctx: CommandContext,
  hosts: Host[],
  addresses: Map<Host, string>,
): Promise<StoreChoice | undefined> {
  const mine = vscode.l10n.t('Use an etcd I name');
  const start = vscode.l10n.t('Start an etcd member on each chosen host');
  const how = await vscode.window.showQuickPick(
    [
      {
        label: mine,
        description: vscode.l10n.t('etcd://HOST:2379, with TLS client certificates or plain text'),
      },
      {
        label: start,
        description: vscode.l10n.t(
          "Debian's etcd-server, data in {0}, ports {1} and {2}",
          ETCD_DATA_DIR,
          String(ETCD_CLIENT_PORT),
          String(ETCD_PEER_PORT),
        ),
      },
    ],
    { title: vscode.l10n.t('Form cluster (3/3): the cluster store') },
  );
  if (!how) return undefined;
  return how.label === mine ? askNamedStore() : startMembers(ctx, hosts, addresses);
}

async function askNamedStore(): Promise<StoreChoice | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Cluster store'),
    placeHolder: 'etcd://10.0.0.5:2379,10.0.0.6:2379',
    validateInput: (v) => {
      const p = parseStore(v);
      return typeof p === 'string' ? p : undefined;
    },
  });
  if (!text) return undefined;
  const endpoints = parseStore(text);
  if (typeof endpoints === 'string') return undefined;
  const tls = vscode.l10n.t('TLS with client certificates');
  const plain = vscode.l10n.t('Plain text');
  const mode = await vscode.window.showQuickPick([tls, plain], { title: vscode.l10n.t('How to reach it') });
  if (!mode) return undefined;
  const opts: Record<string, string> = {};
  if (mode === tls) {
    for (const [key, what] of [
      ['kv.cacertfile', vscode.l10n.t("the CA's certificate")],
      ['kv.certfile', vscode.l10n.t("this client's certificate")],
      ['kv.keyfile', vscode.l10n.t("this client's key")],
    ] as const) {
      const path = await vscode.window.showInputBox({
        title: vscode.l10n.t('Path on every host of {0}', what),
        validateInput: (v) => (v.startsWith('/') ? undefined : vscode.l10n.t('an absolute path')),
      });
      if (!path) return undefined;
      opts[key] = path;
    }
  } else if (!storeIsLoopback(endpoints) && !(await allowPlainText())) return undefined;
  else if (!storeIsLoopback(endpoints)) opts['kv.insecure'] = 'true';
  return { store: text.trim(), opts, members: new Map() };
}

async function allowPlainText(): Promise<boolean> {
  const allow = vscode.l10n.t('Allow plain text');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'The store is not on loopback: its traffic (network and endpoint records) would cross the network unencrypted and unauthenticated. Use this only on a network you trust.',
    ),
    { modal: true },
    allow,
  );
  return answer === allow;
}

async function startMembers(
  ctx: CommandContext,
  hosts: Host[],
  addresses: Map<Host, string>,
): Promise<StoreChoice | undefined> {
  const members: EtcdMember[] = hosts.map((h) => ({
    name: etcdMemberName(h.label),
    address: addresses.get(h) as string,
  }));
  const loopback = storeIsLoopback(members.map((m) => ({ host: m.address, port: ETCD_CLIENT_PORT })));
  if (!loopback && !(await allowPlainText())) return undefined;
  const roots = new Map<Host, RootRunner>();
  for (const host of hosts) {
    if (!host.transport) return undefined;
    const root = await becomeRoot(host.transport, host.transport.sudoPassword);
    roots.set(host, root);
    if (await hasEtcd(root)) continue;
    const install = vscode.l10n.t('Install etcd-server');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t("{0} has no etcd. Install Debian's etcd-server there (apt-get, as root)?", host.label),
      { modal: true },
      install,
    );
    if (answer !== install) return undefined;
    await installEtcd(root, host.label);
  }
  const started = new Map<Host, { name: string; dataDir: string; pidFile: string }>();
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting etcd') },
    async (progress) => {
      try {
        for (const [i, host] of hosts.entries()) {
          progress.report({ message: host.label });
          const root = roots.get(host) as RootRunner;
          started.set(host, await startEtcdMember(root, host.label, members[i] as EtcdMember, members));
        }
        for (const host of hosts) {
          progress.report({ message: vscode.l10n.t('{0}: waiting until healthy', host.label) });
          await waitEtcdHealthy(roots.get(host) as RootRunner, host.label, addresses.get(host) as string);
        }
      } catch (err) {
        // Half a cluster is no cluster: the members started so far are stopped and their data removed.
        for (const [host, member] of started) await stopEtcdMember(roots.get(host) as RootRunner, member);
        throw err;
      }
    },
  );
  ctx.log.info(`form cluster: etcd members started on ${hosts.map((h) => h.label).join(', ')}`);
  return { store: memberStore(members), opts: loopback ? {} : { 'kv.insecure': 'true' }, members: started };
}
