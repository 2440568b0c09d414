import type { Rule } from '../../rule';
import { externalOf } from './networks';

/** The deprecated `external: {name: X}` form (compose-go `transform/external.go` warns). */
export const NET019: Rule = {
  id: 'NET019',
  title: 'Deprecated external.name',
  scope: 'networks',
  run({ project, report }) {
    for (const net of project.networks) {
      const ext = externalOf(net);
      if (!ext?.name) continue;
      report({
        code: 'NET019',
        severity: 'warning',
        message: `networks.${net.key}: external.name is deprecated. Please set name and external: true`,
        at: ext.name.keySpan,
      });
    }
  },
};
