import {
  checkStaticAddress,
  duplicateStaticAddresses,
  fitted,
  staticAddressKey,
  NodeMemo,
} from '@switchyard/core';
import type { Finding, Family, IpamNetworkInput, Located, StaticAssignment } from '@switchyard/core';
import type { ComposeProject, NetworkModel, ServiceModel } from '../../../compose/project';
import { entry } from '../../../yaml/tree';
import type { PMap, Span } from '../../../yaml/tree';
import { keepsNothing, memoByProject, RecentByProject } from '../cache';
import { byPosition } from '../ipam/order';
import { ipamOf, located, pushTo, writtenAttachments } from '../network-facts';
import type { WrittenAttachment } from '../network-facts';

const FIELDS: [string, Family][] = [
  ['ipv4_address', 4],
  ['ipv6_address', 6],
];

/**
 * Every static address (`services.*.networks.*.ipv4_address|ipv6_address`) checked against its network
 * (NET040, NET060–NET064, NET066), then against the other services and the replicas (NET064, NET065).
 * Networks that are external or undeclared are skipped: their subnets are not in the files.
 */
function compute(project: ComposeProject): Finding<Span>[] {
  const out: Finding<Span>[] = [];
  const byKey = new Map(project.networks.map((n) => [n.key, n]));
  const named = new Map<NetworkModel, IpamNetworkInput<Span>>();
  // One object per network, so core's per-network parse of the subnets is reused across endpoints.
  const inputOf = (model: NetworkModel): IpamNetworkInput<Span> => {
    let network = named.get(model);
    if (!network) named.set(model, (network = { ...ipamOf(model), name: model.engineName }));
    return network;
  };
  const token = networksToken(project);
  const perService = project.services.map((svc) => serviceStatics(svc, byKey, inputOf, token));
  let takenOn: Map<string, string[]> | undefined;
  const assigned: StaticAssignment<Span>[][] = [];
  project.services.forEach((svc, i) => {
    const statics = perService[i] ?? NO_ADDRESSES;
    assigned.push(assignmentsOf(statics));
    // Most services write no address, or only clean ones: nothing to report, nothing else to look at.
    if (!statics.reports) return;
    for (const w of statics) {
      let found = w.found;
      // Only a suggested replacement (NET063, NET064) depends on the other services' addresses.
      const network = w.network === undefined ? undefined : byKey.get(w.key);
      if (found.some((f) => f.fix !== undefined) && network) {
        takenOn ??= takenAddresses(perService);
        const taken = takenOn.get(w.key) ?? [];
        found = checkStaticAddress({
          service: svc.name,
          network: inputOf(network),
          family: w.family,
          address: w.address,
          taken,
        });
      }
      for (const f of found) out.push(f);
    }
  });
  for (const f of duplicates(project, perService, assigned)) out.push(f);
  return out;
}

/** An assignment in the duplicate index, with its place in the project's order (service, then field). */
interface Held {
  a: StaticAssignment<Span>;
  service: number;
  index: number;
}

/**
 * NET064/NET065 between services (`duplicateStaticAddresses`), kept as an index from network and address
 * to the assignments that hold it, with each key's findings. After a keystroke only the services whose
 * written addresses changed (serviceStatics hands back the same list otherwise) move in the index, and
 * only the keys they left or joined are checked again: a keystroke costs the keys it touched, not a pass
 * over every address of the project. Any other change (services added, removed, renamed, profiles or
 * replicas) builds the index afresh.
 */
interface DuplicateIndex {
  written: Statics[];
  services: readonly ServiceModel[];
  keys: (string | undefined)[][];
  groups: Map<string, Held[]>;
  found: Map<string, { held: Held; finding: Finding<Span> }[]>;
}

/** Each project's index from its last analysis. */
const recent = new RecentByProject<DuplicateIndex>();

function duplicates(
  project: ComposeProject,
  perService: Statics[],
  assigned: StaticAssignment<Span>[][],
): Finding<Span>[] {
  const services = project.services;
  const order = byPosition(project);
  let index = recent.get(project);
  let changed: number[] | undefined;
  if (index !== undefined && index.services.length === services.length) {
    changed = [];
    for (let i = 0; i < services.length; i++) {
      const x = index.services[i];
      const y = services[i];
      if (
        x?.name !== y?.name ||
        (x?.profiles.length ?? 0) > 0 !== (y?.profiles.length ?? 0) > 0 ||
        x?.replicas !== y?.replicas
      ) {
        changed = undefined;
        break;
      }
      if (index.written[i] !== perService[i]) changed.push(i);
    }
  }
  const touched = new Set<string>();
  if (index === undefined || changed === undefined) {
    index = { written: perService, services, keys: [], groups: new Map(), found: new Map() };
    changed = perService.map((_, i) => i);
  } else {
    index.written = perService;
    index.services = services;
    // The changed services leave the keys they held.
    for (const i of changed) {
      for (const k of index.keys[i] ?? []) {
        if (k === undefined) continue;
        touched.add(k);
        const list = index.groups.get(k)?.filter((h) => h.service !== i) ?? [];
        if (list.length > 0) index.groups.set(k, list);
        else index.groups.delete(k);
      }
    }
  }
  for (const i of changed) {
    const keys = (assigned[i] ?? []).map(staticAddressKey);
    index.keys[i] = keys;
    (assigned[i] ?? []).forEach((a, j) => {
      const k = keys[j];
      if (k === undefined) return;
      touched.add(k);
      const list = index.groups.get(k);
      const held = { a, service: i, index: j };
      if (list) list.push(held);
      else index.groups.set(k, [held]);
    });
  }
  const byPlace = (x: Held, y: Held) =>
    order(x.a.address.at, y.a.address.at) || x.service - y.service || x.index - y.index;
  const profiled = new Set(services.filter((s) => s.profiles.length > 0).map((s) => s.name));
  // Two services without profiles always run together; otherwise only when the right profiles are on.
  const together = (x: StaticAssignment<Held>, y: StaticAssignment<Held>) =>
    profiled.has(x.service) || profiled.has(y.service) ? ('sometimes' as const) : ('always' as const);
  for (const k of touched) {
    const list = index.groups.get(k);
    index.found.delete(k);
    if (list === undefined) continue;
    // One holder of one replica (nearly every key): duplicateStaticAddresses finds nothing to say.
    if (list.length === 1 && (list[0]?.a.replicas ?? 0) <= 1) continue;
    list.sort(byPlace);
    // Located at the held assignment, so each finding knows whose it is, then placed at its span.
    const found = duplicateStaticAddresses(
      list.map((h) => ({ ...h.a, address: { value: h.a.address.value, at: h } })),
      { together },
    ).map((f) => {
      const { related, ...rest } = f;
      const finding: Finding<Span> = { ...rest, at: f.at.a.address.at };
      if (related) finding.related = related.map((r) => ({ ...r, at: r.at.a.address.at }));
      return { held: f.at, finding };
    });
    if (found.length > 0) index.found.set(k, found);
  }
  recent.set(project, index);
  if (index.found.size === 0) return [];
  // In the order of the addresses in the project, as one pass over them all would report them.
  const all = [...index.found.values()].flat();
  all.sort((x, y) => byPlace(x.held, y.held));
  return all.map((x) => x.finding);
}

/** One written static address of a service, and what checking it against its network found. */
interface WrittenAddress {
  key: string;
  family: Family;
  address: Located<string, Span>;
  /**
   * The network it was checked against: declared and not external, and the address not empty. It may be
   * the model of an earlier load: the networks' bodies, names and flags are the same while it is kept.
   */
  network: NetworkModel | undefined;
  /** checkStaticAddress without the other services' addresses (they only change a suggested fix). */
  found: Finding<Span>[];
}

/**
 * A service's written addresses, with whether any of them has a finding (`reports`) and the assignments the
 * duplicate index takes from them (those whose own check found no error), both worked out once per list.
 */
type Statics = WrittenAddress[] & { reports?: boolean; assigned?: StaticAssignment<Span>[] };

interface ServiceStatics {
  name: string;
  replicas: number;
  /**
   * What the result was computed from besides the body, name and replicas: six values per attachment,
   * compared with `===` item by item; null when the body writes no address, whose answer (none) the
   * networks cannot change (640,000 attached networks made a list of 3.8 million values here).
   */
  inputs: unknown[] | null;
  /** The project's networks when `inputs` last held (`networksToken`): while it is the same, they hold. */
  token: unknown[];
  written: Statics;
}

/**
 * Per service body: the editor's parse cache hands back an unchanged body as the same object, and the
 * findings' spans are the body's own span objects (moved in place with it), so an unchanged service with
 * unchanged networks is not checked again on every keystroke.
 */
const staticsByBody = new NodeMemo<PMap, ServiceStatics>();
/**
 * Shared by disabled services and those that write no static address; never appended to. The same list every
 * time, so the duplicate index sees such a service unchanged.
 */
const NO_ADDRESSES: Statics = Object.assign([], { reports: false, assigned: [] });

/** The assignments of a service's addresses that the duplicate index holds, made once per list. */
function assignmentsOf(statics: Statics): StaticAssignment<Span>[] {
  return (statics.assigned ??= []);
}

function serviceStatics(
  svc: ServiceModel,
  byKey: Map<string, NetworkModel>,
  inputOf: (model: NetworkModel) => IpamNetworkInput<Span>,
  token: unknown[],
): Statics {
  if (!svc.enabled) return NO_ADDRESSES;
  const known = staticsByBody.get(svc.node);
  if (
    known !== undefined &&
    known.name === svc.name &&
    known.replicas === svc.replicas &&
    (known.token === token || known.inputs === null || sameInputs(known.inputs, svc, byKey))
  ) {
    // The same body, name, replicas and networks: the same list, so the duplicate index sees it unchanged.
    known.token = token;
    return known.written;
  }
  // What the body writes, read in place: an attachment record per network (`attachmentsOf`) was a second
  // copy of 640,000 of them for one service on that many networks.
  const mine = writtenAttachments(svc.node);
  const list: WrittenAddress[] = [];
  const assigned: StaticAssignment<Span>[] = [];
  let reports = false;
  for (const a of mine) {
    for (const [field, family] of FIELDS) {
      const address = located(entry(a.body, field)?.value);
      if (!address) continue;
      const known = byKey.get(a.key);
      const network = !known || known.external || address.value === '' ? undefined : known;
      const found = network
        ? checkStaticAddress({ service: svc.name, network: inputOf(network), family, address })
        : [];
      list.push({ key: a.key, family, address, network, found });
      if (found.length > 0) reports = true;
      // A suggested fix changes with the other services' addresses, never whether the address is in error.
      if (network && !found.some((f) => f.severity === 'error'))
        assigned.push({ service: svc.name, network: a.key, address, replicas: svc.replicas });
    }
  }
  // Kept per body: most services write no address, and a pushed list keeps room for 16 more entries.
  const written: Statics =
    list.length === 0 ? NO_ADDRESSES : Object.assign(fitted(list), { reports, assigned: fitted(assigned) });
  if (keepsNothing()) return written;
  staticsByBody.set(svc.node, {
    name: svc.name,
    replicas: svc.replicas,
    inputs: list.length === 0 ? null : inputsOf(mine, byKey),
    token,
    written,
  });
  return written;
}

/** What `sameInputs` compares: six values per attachment. */
function inputsOf(mine: WrittenAttachment[], byKey: Map<string, NetworkModel>): unknown[] {
  const inputs: unknown[] = [];
  for (const a of mine) {
    const n = byKey.get(a.key);
    inputs.push(a.key, n !== undefined, n?.node, n?.engineName, n?.external, n?.implicit);
  }
  return fitted(inputs);
}

/** Whether `inputs` (as made on a miss) still hold, without building them again: this runs per service per keystroke. */
function sameInputs(inputs: unknown[], svc: ServiceModel, byKey: Map<string, NetworkModel>): boolean {
  const written = writtenAttachments(svc.node);
  if (inputs.length !== written.length * 6) return false;
  let i = 0;
  for (const w of written) {
    const n = byKey.get(w.key);
    if (inputs[i] !== w.key || inputs[i + 1] !== (n !== undefined) || inputs[i + 2] !== n?.node) return false;
    if (inputs[i + 3] !== n?.engineName || inputs[i + 4] !== n?.external || inputs[i + 5] !== n?.implicit)
      return false;
    i += 6;
  }
  return true;
}

/**
 * What `sameInputs` reads of the project's networks, as one array that stays the same object while they
 * are the same: then a service whose body and name and replicas are unchanged is not looked into again.
 */
function networksToken(project: ComposeProject): unknown[] {
  const last = tokens.get(project);
  // Compared in place: a keystroke that leaves the networks alone makes no new array.
  if (last !== undefined && sameNetworks(last, project.networks)) return last;
  const sig: unknown[] = [];
  for (const n of project.networks) sig.push(n.key, n.node, n.engineName, n.external, n.implicit);
  tokens.set(project, sig);
  return sig;
}

function sameNetworks(sig: readonly unknown[], networks: ComposeProject['networks']): boolean {
  if (sig.length !== networks.length * 5) return false;
  let j = 0;
  for (const n of networks) {
    if (sig[j] !== n.key || sig[j + 1] !== n.node || sig[j + 2] !== n.engineName) return false;
    if (sig[j + 3] !== n.external || sig[j + 4] !== n.implicit) return false;
    j += 5;
  }
  return true;
}

const tokens = new RecentByProject<unknown[]>();

/** Addresses written on each network key, by every enabled service, in order. */
function takenAddresses(perService: readonly WrittenAddress[][]): Map<string, string[]> {
  const takenOn = new Map<string, string[]>();
  for (const list of perService) for (const w of list) pushTo(takenOn, w.key, w.address.value);
  return takenOn;
}

export const staticFindings = memoByProject(compute);
