import * as vscode from 'vscode';
import type { DockerNetwork, NetworkInspect } from '@switchyard/protocol';
import type { NetworkSource, PeerInfo } from './nodes';

/** The peer hosts of an overlay network (the engine's inspect, or Docker's for a swarm overlay). */
export function peersOf(n: DockerNetwork | NetworkInspect): PeerInfo[] {
  const peers: unknown = (n as { Peers?: unknown }).Peers;
  return Array.isArray(peers) ? (peers as PeerInfo[]) : [];
}

/** False when the engine says entries for a peer's endpoints are missing here; true when unknown. */
export function peerInSync(p: PeerInfo): boolean {
  return (p.FdbProgrammed ?? 0) >= (p.FdbExpected ?? 0) && (p.NeighProgrammed ?? 0) >= (p.NeighExpected ?? 0);
}

/** One line of words for a peer host of an overlay: its address, endpoints, lease and entries. */
export function describePeer(p: PeerInfo): string {
  return [
    p.IP,
    p.Endpoints !== undefined ? vscode.l10n.t('{0} endpoints', String(p.Endpoints)) : undefined,
    p.LeaseAgeS !== undefined ? vscode.l10n.t('lease {0} s', String(Math.round(p.LeaseAgeS))) : undefined,
    p.FdbExpected !== undefined
      ? vscode.l10n.t('FDB {0}/{1}', String(p.FdbProgrammed ?? 0), String(p.FdbExpected))
      : undefined,
    p.NeighExpected !== undefined
      ? vscode.l10n.t('neigh {0}/{1}', String(p.NeighProgrammed ?? 0), String(p.NeighExpected))
      : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A peer host row under an overlay network: a warning when entries are missing, the probe in the tooltip. */
export function peerItem(
  p: PeerInfo,
  n: DockerNetwork | NetworkInspect,
  hostId: string,
  source: NetworkSource,
): vscode.TreeItem {
  const item = new vscode.TreeItem(p.Name, vscode.TreeItemCollapsibleState.None);
  item.id = `peer:${source}:${hostId}:${n.Id}:${p.Name}`;
  item.description = describePeer(p);
  const inSync = peerInSync(p);
  item.iconPath = new vscode.ThemeIcon(inSync ? 'remote' : 'warning');
  const lines = [vscode.l10n.t('Peer host {0} ({1}) of overlay {2}', p.Name, p.IP, n.Name), describePeer(p)];
  if (source === 'engine') {
    lines.push(
      inSync
        ? vscode.l10n.t('Every endpoint of this peer is programmed here.')
        : vscode.l10n.t(
            'Entries are missing here: traffic to some of its endpoints is dropped until they are programmed.',
          ),
      p.Probe ? vscode.l10n.t('VXLAN probe: {0}', p.Probe) : vscode.l10n.t('VXLAN probe: not run'),
    );
  } else lines.push(vscode.l10n.t("A node of Docker's swarm with tasks on this network."));
  item.tooltip = lines.join('\n');
  item.contextValue = `peer.${source}`;
  return item;
}
