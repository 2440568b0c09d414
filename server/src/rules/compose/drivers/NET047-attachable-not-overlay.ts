import type { Rule } from '../../rule';
import { bool, entry, get } from '../../../yaml/tree';
import { driverOf } from '../model';

/** `attachable` only means something for overlay networks; elsewhere it has no effect. */
export const NET047: Rule = {
  id: 'NET047',
  title: 'attachable on a non-overlay network',
  scope: 'networks',
  run({ project, report }) {
    for (const net of project.networks) {
      const e = entry(net.node, 'attachable');
      if (!e || net.external || driverOf(net) === 'overlay' || bool(get(net.node, 'attachable')) !== true)
        continue;
      report({
        code: 'NET047',
        severity: 'information',
        message: `attachable has no effect on network "${net.key}" (driver ${driverOf(net)}); only overlay networks use it`,
        at: e.keySpan,
        fix: { kind: 'remove', title: 'Remove attachable' },
      });
    }
  },
};
