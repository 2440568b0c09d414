import type { Rule } from '../../rule';
import { forNetwork } from '../created';
import { l2Networks } from './l2';

/** Valid values and the drivers' texts for `macvlan_mode`, `ipvlan_mode` and `ipvlan_flag`. */
const OPTIONS = [
  {
    driver: 'macvlan',
    opt: 'macvlan_mode',
    valid: ['bridge', 'private', 'vepa', 'passthru'],
    text: (v: string) =>
      `requested macvlan mode '${v}' is not valid, 'bridge' mode is the macvlan driver default`,
  },
  {
    driver: 'ipvlan',
    opt: 'ipvlan_mode',
    valid: ['l2', 'l3', 'l3s'],
    text: (v: string) => `requested ipvlan mode '${v}' is not valid, 'l2' mode is the ipvlan driver default`,
  },
  {
    driver: 'ipvlan',
    opt: 'ipvlan_flag',
    valid: ['bridge', 'private', 'vepa'],
    text: (v: string) => `requested ipvlan flag '${v}' is not valid, 'bridge' is the ipvlan driver default`,
  },
];

export const NET050: Rule = {
  id: 'NET050',
  title: 'Invalid macvlan/ipvlan mode',
  scope: 'networks',
  run({ project, report }) {
    for (const l2 of l2Networks(project)) {
      for (const o of OPTIONS) {
        const v = l2.driver === o.driver ? l2.opt(o.opt) : undefined;
        if (!v || o.valid.includes(v.text)) continue;
        report(
          forNetwork(project, l2.net, {
            code: 'NET050',
            severity: 'error',
            message: `${o.text(v.text)} (network "${l2.net.key}"; valid values: ${o.valid.join(', ')})`,
            at: v.value.span,
          }),
        );
      }
    }
  },
};
