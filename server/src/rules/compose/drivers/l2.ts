import type { ComposeProject, NetworkModel } from '../../../compose/project';
import { get, isMap, isScalar, str } from '../../../yaml/tree';
import type { PEntry, PScalar } from '../../../yaml/tree';
import { driverOf, managedNetworks } from '../model';

/** A macvlan or ipvlan network Compose would create, with the driver options that shape it. */
export interface L2Network {
  net: NetworkModel;
  driver: 'macvlan' | 'ipvlan';
  /** The `driver` value, to point at. */
  driverNode: PScalar | undefined;
  opt(name: string): { entry: PEntry; value: PScalar; text: string } | undefined;
}

export function l2Networks(project: ComposeProject): L2Network[] {
  const out: L2Network[] = [];
  for (const net of managedNetworks(project)) {
    const driver = driverOf(net);
    if (driver !== 'macvlan' && driver !== 'ipvlan') continue;
    const node = get(net.node, 'driver');
    out.push({ net, driver, driverNode: isScalar(node) ? node : undefined, opt: (name) => optOf(net, name) });
  }
  return out;
}

function optOf(net: NetworkModel, name: string): ReturnType<L2Network['opt']> {
  const opts = get(net.node, 'driver_opts');
  if (!isMap(opts)) return undefined;
  for (let i = opts.entries.length - 1; i >= 0; i--) {
    const e = opts.entries[i];
    if (e?.key !== name || !isScalar(e.value)) continue;
    const text = str(e.value);
    return text === undefined ? undefined : { entry: e, value: e.value, text };
  }
  return undefined;
}
