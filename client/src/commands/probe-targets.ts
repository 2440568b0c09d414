// The other ends a probe can reach across a cluster, without VS Code (targets.ts shows them). Pure.
import type { SandboxInfo } from '@switchyard/protocol';

export interface HostView {
  id: string;
  label: string;
  engine?:
    { networks: readonly { Id: string; Scope: string }[]; sandboxes: readonly SandboxInfo[] } | undefined;
}

/**
 * Sandboxes on other hosts that share a global (overlay) network with `host`, each with its address on that
 * network: the other ends a probe can reach across the cluster. Pure.
 */
export function crossHostTargets(
  host: HostView,
  others: readonly HostView[],
): { sandbox: string; network: string; address: string; hostLabel: string }[] {
  const overlays = new Set(
    (host.engine?.networks ?? []).filter((n) => n.Scope === 'global').map((n) => n.Id),
  );
  if (overlays.size === 0) return [];
  return others
    .filter((o) => o.id !== host.id)
    .flatMap((o) =>
      (o.engine?.sandboxes ?? []).flatMap((s) =>
        s.endpoints
          .filter((e) => overlays.has(e.networkId) && e.ipv4)
          .map((e) => ({
            sandbox: s.name,
            network: e.network,
            address: (e.ipv4 as string).split('/')[0] as string,
            hostLabel: o.label,
          })),
      ),
    );
}
