import type { Rule } from '../../rule';
import { l2Networks } from '../drivers/l2';
import { forNetwork } from '../created';

const VLAN_ID = { min: 1, max: 4094 };

/**
 * A macvlan/ipvlan `parent` that the connected host does not have. Docker creates a VLAN sub-interface
 * (`eth0.10`) itself when its master exists, so for a dotted name the master is what must be there, and the
 * name must be `<master>.<vlan id>` (Docker's macvlan/ipvlan setup: `parseVlan`, `createVlanLink`).
 * Only with a snapshot that lists the host's interfaces.
 */
export const NET052: Rule = {
  id: 'NET052',
  title: 'macvlan/ipvlan parent interface not on the host',
  scope: 'networks',
  run({ project, host, report }) {
    const interfaces = host?.interfaces;
    if (!host || !interfaces) return;
    const present = new Set(interfaces);
    for (const l2 of l2Networks(project)) {
      const parent = l2.opt('parent');
      if (!parent || present.has(parent.text)) continue;
      const problem = parentProblem(parent.text, present);
      if (!problem) continue;
      const names = interfaces.filter((i) => i !== 'lo').join(', ');
      report(
        forNetwork(project, l2.net, {
          code: 'NET052',
          severity: 'error',
          message: `${problem} (network "${l2.net.key}", ${l2.driver}, on ${host.host}); the host has: ${names || 'no interfaces'}`,
          at: parent.value.span,
        }),
      );
    }
  },
};

/** Docker's refusal for a parent that is not on the host, or undefined when Docker would create it. */
function parentProblem(parent: string, present: Set<string>): string | undefined {
  if (!parent.includes('.')) return `-o parent interface was not found on the host: ${parent}`;
  const parts = parent.split('.');
  const [master, vlan] = parts;
  if (parts.length !== 2 || !master || !vlan || !/^\d+$/.test(vlan))
    return `invalid subinterface vlan name ${parent}, example formatting is eth0.10`;
  const id = Number(vlan);
  if (id < VLAN_ID.min || id > VLAN_ID.max)
    return `vlan id must be between ${VLAN_ID.min}-${VLAN_ID.max}, received: ${id}`;
  return present.has(master) ? undefined : `-o parent interface was not found on the host: ${master}`;
}
