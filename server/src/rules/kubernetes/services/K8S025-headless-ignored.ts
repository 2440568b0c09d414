import { get, str } from '../../../yaml/tree';
import { keySpanOf } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';

/** Fields a headless Service ignores (the apiserver warns). */
export const K8S025: K8sRule = {
  id: 'K8S025',
  title: 'Field ignored on a headless Service',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      if (!s.headless || s.type !== 'ClusterIP') continue;
      const warn = (key: string, text: string): void => {
        const at = keySpanOf(s.spec, key);
        if (at !== undefined) report({ code: 'K8S025', severity: 'warning', message: text, at });
      };
      if (str(get(s.spec, 'loadBalancerIP')))
        warn('loadBalancerIP', 'spec.loadBalancerIP is ignored for headless services');
      if (get(s.spec, 'externalIPs'))
        warn('externalIPs', 'spec.externalIPs is ignored for headless services');
      if (str(get(s.spec, 'sessionAffinity')) === 'ClientIP')
        warn('sessionAffinity', 'spec.SessionAffinity is ignored for headless services');
    }
  },
};
