import { describeObject } from '../../../kubernetes/objects';
import type { K8sObject } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';

/** Two objects with the same kind, namespace and name in one unit: `kubectl apply` silently keeps the last. */
export const K8S067: K8sRule = {
  id: 'K8S067',
  title: 'Same object defined twice',
  scope: 'namespace',
  fields: { '*': ['apiVersion'] },
  run({ project, report }) {
    const seen = new Map<string, K8sObject>();
    for (const o of project.objects) {
      if (o.kind === '' || o.name === '') continue;
      const key = `${o.unit}\0${o.apiVersion.split('/')[0]}\0${o.kind}\0${o.namespace ?? ''}\0${o.name}`;
      const prior = seen.get(key);
      if (prior === undefined) {
        seen.set(key, o);
        continue;
      }
      report({
        code: 'K8S067',
        severity: 'warning',
        message: `${describeObject(o)} is defined twice; \`kubectl apply\` applies both and the later one silently wins (\`kubectl create\` fails: AlreadyExists)`,
        at: o.anchor,
        related: [{ at: prior.anchor, message: `${describeObject(prior)} is first defined here` }],
      });
    }
  },
};
