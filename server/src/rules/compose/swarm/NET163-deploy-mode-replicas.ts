import { deployModeError } from '@switchyard/core';
import type { Rule } from '../../rule';
import { at } from '../../../yaml/tree';
import { deployModeOf } from './deploy';

/**
 * `deploy.mode` as docker/cli's stack conversion takes it: `replicas` with a global mode (one replica per
 * node, so a count means nothing), or a mode it does not know.
 */
export const NET163: Rule = {
  id: 'NET163',
  title: 'deploy.mode and replicas',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const m = deployModeOf(svc);
      if (!m || m.mode.includes('$')) continue;
      const replicas = at(svc.node, 'deploy', 'replicas');
      const error = deployModeError(m.mode, replicas !== undefined && replicas !== null);
      if (!error) continue;
      if (error.startsWith('unknown mode')) {
        report({
          code: 'NET163',
          severity: 'error',
          message: `${error}: docker stack deploy refuses services.${svc.name}.deploy.mode; use replicated (the default), global, replicated-job or global-job`,
          at: m.node.span,
        });
        continue;
      }
      report({
        code: 'NET163',
        severity: 'error',
        message: `${error}: service "${svc.name}" is ${m.mode} (one replica on every node), so docker stack deploy refuses deploy.replicas; remove it or use mode: replicated`,
        at: (replicas ?? m.node).span,
        related: [{ at: m.node.span, message: `deploy.mode is ${m.mode} here` }],
        fix: { kind: 'remove', title: 'Remove deploy.replicas' },
      });
    }
  },
};
