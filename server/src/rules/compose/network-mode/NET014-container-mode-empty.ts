import type { Rule } from '../../rule';
import { networkModeOf } from '../references/services';

/** `network_mode: "container:"` (or a bare `container`): the engine refuses the empty name. */
export const NET014: Rule = {
  id: 'NET014',
  title: 'Container network mode without a name',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      const mode = networkModeOf(svc);
      if (!svc.enabled || mode?.kind !== 'container' || mode.target !== '') continue;
      report({
        code: 'NET014',
        severity: 'error',
        message:
          'Invalid network mode: invalid container format container:<name|id>; name the container after ' +
          '"container:" (or use service:<name> for a service of this project)',
        at: mode.value.span,
      });
    }
  },
};
