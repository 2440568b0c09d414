import { get } from '../../../yaml/tree';
import type { K8sRule } from '../rule';

/** Where each networking kind lives; a kind under another group/version is refused (`no matches for kind`). */
const GROUPS: Record<string, string[]> = {
  Service: ['v1'],
  Pod: ['v1'],
  Endpoints: ['v1'],
  Deployment: ['apps/v1'],
  DaemonSet: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  ReplicaSet: ['apps/v1'],
  Ingress: ['networking.k8s.io/v1'],
  IngressClass: ['networking.k8s.io/v1'],
  NetworkPolicy: ['networking.k8s.io/v1'],
  EndpointSlice: ['discovery.k8s.io/v1'],
};

/** A document without `apiVersion`/`kind`, or a networking kind under the wrong group/version. */
export const K8S072: K8sRule = {
  id: 'K8S072',
  title: 'Missing or wrong apiVersion/kind',
  scope: 'object',
  run({ project, report }) {
    for (const o of project.objects) {
      const missing = [
        o.apiVersion === '' ? 'apiVersion not set' : '',
        o.kind === '' ? 'kind not set' : '',
      ].filter(Boolean);
      if (missing.length > 0) {
        report({
          code: 'K8S072',
          severity: 'error',
          message: `error validating data: [${missing.join(', ')}]`,
          at: o.node.span,
        });
        continue;
      }
      const want = GROUPS[o.kind];
      if (want === undefined || want.includes(o.apiVersion)) continue;
      report({
        code: 'K8S072',
        severity: 'error',
        message: `no matches for kind "${o.kind}" in version "${o.apiVersion}"; ${o.kind} is served as ${want.join(', ')}`,
        at: get(o.node, 'apiVersion')?.span ?? o.anchor,
        fix: { kind: 'replace', title: `Use ${want[0]}`, text: want[0] ?? '' },
      });
    }
  },
};
