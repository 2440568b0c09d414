import type { Rule } from '../../rule';
import { str } from '../../../yaml/tree';
import { externalOf, nameOf } from './networks';

/**
 * `networks.default` marked external without a name: Compose looks for an engine network literally called
 * `default`, a name the engine reserves, so it can never be found.
 */
export const NET023: Rule = {
  id: 'NET023',
  title: 'External default network without a name',
  scope: 'networks',
  run({ project, report }) {
    const net = project.networks.find((n) => n.key === 'default' && n.external);
    const ext = net && externalOf(net);
    if (!net || !ext || nameOf(net) || str(ext.name?.value) !== undefined) return;
    report({
      code: 'NET023',
      severity: 'error',
      message:
        'network default declared as external, but could not be found: "default" is reserved by the engine ' +
        'and never exists; add name: <the existing network> to use it',
      at: ext.entry.keySpan,
    });
  },
};
