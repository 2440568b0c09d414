import type { Finding } from '@switchyard/core';
import type { ComposeProject, NetworkModel } from '../../compose/project';
import type { Span } from '../../compose/tree';
import { usesDefaultNetwork } from '../../compose/loader';
import { attachments, managedNetworks } from './model';

const cache = new WeakMap<ComposeProject, Set<string>>();

/** Keys of the networks some enabled service is on; Compose creates only those. */
export function usedNetworkKeys(project: ComposeProject): Set<string> {
  let keys = cache.get(project);
  if (!keys) {
    keys = new Set(attachments(project).map((a) => a.key));
    if (project.services.some((s) => s.enabled && usesDefaultNetwork(s.node))) keys.add('default');
    cache.set(project, keys);
  }
  return keys;
}

/** Networks `docker compose up` would create: declared, not external, used by an enabled service. */
export function createdNetworks(project: ComposeProject): NetworkModel[] {
  const used = usedNetworkKeys(project);
  return managedNetworks(project).filter((n) => used.has(n.key));
}

/**
 * Compose does not create a network no enabled service uses, so Docker cannot refuse it yet: an error on
 * such a network is reported as a warning that says so. The definition is still wrong, and the user finds
 * out while typing instead of when a service first attaches.
 */
export function forNetwork(project: ComposeProject, net: NetworkModel, f: Finding<Span>): Finding<Span> {
  if (f.severity !== 'error' || usedNetworkKeys(project).has(net.key)) return f;
  return {
    ...f,
    severity: 'warning',
    message: `${f.message} (network "${net.key}" is not used by any service, so Compose does not create it yet)`,
  };
}
