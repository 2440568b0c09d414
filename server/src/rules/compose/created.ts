import { fitted, NodeMemo } from '@switchyard/core';
import type { Finding } from '@switchyard/core';
import type { ComposeProject, NetworkModel } from '../../compose/project';
import { get, isMap, isSeq, str } from '../../yaml/tree';
import type { PMap, Span } from '../../yaml/tree';
import { usesDefaultNetwork } from '../../compose/loader';
import { keepsNothing, RecentByProject } from './cache';
import { managedNetworks } from './network-facts';

const cache = new WeakMap<ComposeProject, Set<string>>();

/** Keys of the networks some enabled service is on; Compose creates only those. */
export function usedNetworkKeys(project: ComposeProject): Set<string> {
  let keys = cache.get(project);
  if (!keys) {
    const named = project.services.map((svc) => (svc.enabled ? namedNetworks(svc.node) : null));
    // After a keystroke only the edited service's body is new: the last set holds while what it names is the same.
    const last = recent.get(project);
    if (last !== undefined && sameNamed(last.named, named)) keys = last.keys;
    else {
      keys = new Set();
      for (const n of named) {
        if (n === null) continue;
        for (const k of n.keys) keys.add(k);
        if (n.usesDefault) keys.add('default');
      }
    }
    recent.set(project, { named, keys });
    cache.set(project, keys);
  }
  return keys;
}

/** Each project's last answer, by what each of its services names (null: disabled). */
const recent = new RecentByProject<{ named: (NamedNetworks | null)[]; keys: Set<string> }>();

function sameNamed(a: (NamedNetworks | null)[], b: (NamedNetworks | null)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null || y === null || x === undefined || y === undefined) return false;
    if (x.usesDefault !== y.usesDefault || x.keys.length !== y.keys.length) return false;
    if (x.keys.some((k, j) => k !== y.keys[j])) return false;
  }
  return true;
}

/** The network keys one service body names (as `attachments` reads them), and whether it uses `default`. */
interface NamedNetworks {
  keys: string[];
  usesDefault: boolean;
}

/** Per body: the editor's parse cache hands back an unchanged body as the same object (trees are not changed after load). */
const namedByBody = new NodeMemo<PMap, NamedNetworks>();

const NONE_BUT_DEFAULT: NamedNetworks = { keys: [], usesDefault: true };
const NONE_AT_ALL: NamedNetworks = { keys: [], usesDefault: false };

function namedNetworks(body: PMap): NamedNetworks {
  let known = namedByBody.get(body);
  if (known === undefined) {
    const nets = get(body, 'networks');
    const keys: string[] = [];
    if (isSeq(nets)) {
      for (const i of nets.items) {
        const s = str(i);
        if (s !== undefined) keys.push(s);
      }
    } else if (isMap(nets)) {
      for (const e of nets.entries) keys.push(e.key);
    }
    const usesDefault = usesDefaultNetwork(body);
    // Most bodies name no network: they share one answer (never modified) instead of two objects each.
    known =
      keys.length > 0 ? { keys: fitted(keys), usesDefault } : usesDefault ? NONE_BUT_DEFAULT : NONE_AT_ALL;
    if (!keepsNothing()) namedByBody.set(body, known);
  }
  return known;
}

/**
 * Hands a view of a project without its services (incremental/networks.ts) the used keys of the project
 * it was made from, so rules of scope `networks` see exactly what they would see on the whole project.
 */
export function rememberUsedNetworkKeys(view: ComposeProject, keys: Set<string>): void {
  cache.set(view, keys);
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
