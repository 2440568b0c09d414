import type { Rule } from '../../rule';
import { at, get, str } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';

/** `scale` and `deploy.replicas` disagree, or one of them is negative (compose-go validation). */
export const NET119: Rule = {
  id: 'NET119',
  title: 'scale and deploy.replicas',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const scale = get(svc.node, 'scale');
      const replicas = at(svc.node, 'deploy', 'replicas');
      const s = intOf(scale);
      const r = intOf(replicas);
      const negative = (n: PNode | null | undefined, v: number | undefined, path: string) => {
        if (n && v !== undefined && v < 0) {
          report({
            code: 'NET119',
            severity: 'error',
            message: `services.${svc.name}.${path}: must be greater than or equal to 0`,
            at: n.span,
          });
        }
      };
      negative(scale, s, 'scale');
      negative(replicas, r, 'deploy.replicas');
      if (!scale || !replicas || s === undefined || r === undefined || s === r) continue;
      report({
        code: 'NET119',
        severity: 'error',
        message: `services.${svc.name}: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project`,
        at: scale.span,
        related: [{ at: replicas.span, message: `deploy.replicas is ${r} here` }],
      });
    }
  },
};

function intOf(n: PNode | null | undefined): number | undefined {
  const s = str(n);
  return s !== undefined && /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}
