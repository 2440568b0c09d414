import { checkStaticAddress, duplicateStaticAddresses, fitted } from '@switchyard/core';
import type { Finding, Family, IpamNetworkInput, Located, StaticAssignment } from '@switchyard/core';
import type { ComposeProject, NetworkModel, ServiceModel } from '../../../compose/project';
import type { PMap, Span } from '../../../yaml/tree';
import { memoByProject } from '../cache';
import { byPosition } from '../ipam/order';
import { attachmentEntry, attachmentsOf, ipamOf, located, pushTo, writtenAttachments } from '../model';

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
  const assignments: StaticAssignment<Span>[] = [];
  const byKey = new Map(project.networks.map((n) => [n.key, n]));
  const named = new Map<NetworkModel, IpamNetworkInput<Span>>();
  // One object per network, so core's per-network parse of the subnets is reused across endpoints.
  const inputOf = (model: NetworkModel): IpamNetworkInput<Span> => {
    let network = named.get(model);
    if (!network) named.set(model, (network = { ...ipamOf(model), name: model.engineName }));
    return network;
  };
  const perService = project.services.map((svc) => serviceStatics(svc, byKey, inputOf));
  let takenOn: Map<string, string[]> | undefined;
  for (const statics of perService) {
    for (const w of statics) {
      let found = w.found;
      // Only a suggested replacement (NET063, NET064) depends on the other services' addresses.
      if (found.some((f) => f.fix !== undefined) && w.network) {
        takenOn ??= takenAddresses(perService);
        const taken = takenOn.get(w.key) ?? [];
        found = checkStaticAddress({
          service: w.service.name,
          network: inputOf(w.network),
          family: w.family,
          address: w.address,
          taken,
        });
      }
      for (const f of found) out.push(f);
      if (w.network && !found.some((f) => f.severity === 'error')) {
        assignments.push({
          service: w.service.name,
          network: w.key,
          address: w.address,
          replicas: w.service.replicas,
        });
      }
    }
  }
  const order = byPosition(project);
  const profiled = new Set(project.services.filter((s) => s.profiles.length > 0).map((s) => s.name));
  // Two services without profiles always run together; otherwise only when the right profiles are on.
  const together = (x: StaticAssignment<Span>, y: StaticAssignment<Span>) =>
    profiled.has(x.service) || profiled.has(y.service) ? ('sometimes' as const) : ('always' as const);
  const sorted = assignments.sort((x, y) => order(x.address.at, y.address.at));
  for (const f of duplicateStaticAddresses(sorted, { together })) out.push(f);
  return out;
}

/** One written static address of a service, and what checking it against its network found. */
interface WrittenAddress {
  service: ServiceModel;
  key: string;
  family: Family;
  address: Located<string, Span>;
  /** The network it is checked against: declared and not external, and the address not empty. */
  network: NetworkModel | undefined;
  /** checkStaticAddress without the other services' addresses (they only change a suggested fix). */
  found: Finding<Span>[];
}

interface ServiceStatics {
  /** What the result was computed from besides the body: compared with `===` item by item. */
  inputs: unknown[];
  written: WrittenAddress[];
}

/**
 * Per service body: the editor's parse cache hands back an unchanged body as the same object, and the
 * findings' spans are the body's own span objects (moved in place with it), so an unchanged service with
 * unchanged networks is not checked again on every keystroke.
 */
const staticsByBody = new WeakMap<PMap, ServiceStatics>();
/** Shared by the services that write no static address; never appended to. */
const NO_ADDRESSES: WrittenAddress[] = [];

function serviceStatics(
  svc: ServiceModel,
  byKey: Map<string, NetworkModel>,
  inputOf: (model: NetworkModel) => IpamNetworkInput<Span>,
): WrittenAddress[] {
  if (!svc.enabled) return [];
  const known = staticsByBody.get(svc.node);
  if (known !== undefined && sameInputs(known.inputs, svc, byKey)) {
    for (const w of known.written) {
      w.service = svc;
      w.network = w.network === undefined ? undefined : byKey.get(w.key);
    }
    return known.written;
  }
  const mine = attachmentsOf(svc, byKey);
  const inputs: unknown[] = [svc.name, svc.replicas];
  for (const a of mine) {
    const n = a.network;
    inputs.push(a.key, n !== undefined, n?.node, n?.engineName, n?.external, n?.implicit);
  }
  let written: WrittenAddress[] = [];
  for (const a of mine) {
    for (const [field, family] of FIELDS) {
      const address = located(attachmentEntry(a, field)?.value);
      if (!address) continue;
      const network = !a.network || a.network.external || address.value === '' ? undefined : a.network;
      const found = network
        ? checkStaticAddress({ service: svc.name, network: inputOf(network), family, address })
        : [];
      written.push({ service: svc, key: a.key, family, address, network, found });
    }
  }
  // Kept per body: most services write no address, and a pushed list keeps room for 16 more entries.
  written = written.length === 0 ? NO_ADDRESSES : fitted(written);
  staticsByBody.set(svc.node, { inputs: inputs.slice(), written });
  return written;
}

/** Whether `inputs` (as made on a miss) still hold, without building them again: this runs per service per keystroke. */
function sameInputs(inputs: unknown[], svc: ServiceModel, byKey: Map<string, NetworkModel>): boolean {
  const written = writtenAttachments(svc.node);
  if (inputs.length !== 2 + written.length * 6 || inputs[0] !== svc.name || inputs[1] !== svc.replicas)
    return false;
  let i = 2;
  for (const w of written) {
    const n = byKey.get(w.key);
    if (inputs[i] !== w.key || inputs[i + 1] !== (n !== undefined) || inputs[i + 2] !== n?.node) return false;
    if (inputs[i + 3] !== n?.engineName || inputs[i + 4] !== n?.external || inputs[i + 5] !== n?.implicit)
      return false;
    i += 6;
  }
  return true;
}

/** Addresses written on each network key, by every enabled service, in order. */
function takenAddresses(perService: WrittenAddress[][]): Map<string, string[]> {
  const takenOn = new Map<string, string[]>();
  for (const list of perService) for (const w of list) pushTo(takenOn, w.key, w.address.value);
  return takenOn;
}

export const staticFindings = memoByProject(compute);
