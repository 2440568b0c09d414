import type { Rule } from '../../rule';
import { l2Networks } from './l2';
import { forNetwork, usedNetworkKeys } from '../created';
import type { L2Network } from './l2';

/**
 * Two networks of one driver on one parent interface. ipvlan allows one network per parent (error).
 * Current engines allow several macvlan networks on a parent unless one is `passthru` (error); older
 * engines refuse any second one (warning).
 */
export const NET051: Rule = {
  id: 'NET051',
  title: 'macvlan/ipvlan networks sharing a parent',
  scope: 'networks',
  run({ project, report }) {
    const seen = new Map<string, L2Network>();
    for (const l2 of l2Networks(project)) {
      const parent = l2.opt('parent');
      if (!parent) continue;
      const key = `${l2.driver}\u0000${parent.text}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, l2);
        continue;
      }
      const firstParent = first.opt('parent');
      const verdict = judge(first, l2, parent.text);
      const used = usedNetworkKeys(project);
      const blame = [l2.net, first.net].find((n) => !used.has(n.key)) ?? l2.net;
      report(
        forNetwork(project, blame, {
          code: 'NET051',
          severity: verdict.severity,
          message: `${verdict.message} (networks "${first.net.key}" and "${l2.net.key}"); use a VLAN sub-interface such as ${parent.text}.10 for one of them`,
          at: parent.value.span,
          ...(firstParent
            ? {
                related: [
                  { at: firstParent.value.span, message: `network "${first.net.key}" uses ${parent.text}` },
                ],
              }
            : {}),
        }),
      );
    }
  },
};

function judge(
  first: L2Network,
  later: L2Network,
  parent: string,
): { severity: 'error' | 'warning'; message: string } {
  const name = first.net.engineName;
  if (later.driver === 'ipvlan') {
    return { severity: 'error', message: `network ${name} is already using parent interface ${parent}` };
  }
  if (later.opt('macvlan_mode')?.text === 'passthru') {
    return {
      severity: 'error',
      message: `cannot use mode passthru, macvlan network ${name} is already using parent interface ${parent}`,
    };
  }
  if (first.opt('macvlan_mode')?.text === 'passthru') {
    return {
      severity: 'error',
      message: `macvlan network ${name} is already using parent interface ${parent} in mode passthru`,
    };
  }
  return {
    severity: 'warning',
    message: `macvlan network ${name} is already using parent interface ${parent}; engines before 29 refuse a second macvlan network on one parent`,
  };
}
