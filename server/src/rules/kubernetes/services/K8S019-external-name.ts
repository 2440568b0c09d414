import { get, isSeq, str } from '../../../yaml/tree';
import { keySpanOf } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';
import { dns1123SubdomainError, forbidden, invalid, required } from '../texts';

/**
 * ExternalName Services: `externalName` required and a DNS subdomain (a trailing dot allowed); clusterIP,
 * ipFamilies, ipFamilyPolicy forbidden (E). `externalIPs` on them, or `externalName` elsewhere, is ignored (W).
 */
export const K8S019: K8sRule = {
  id: 'K8S019',
  title: 'ExternalName Service misconfigured',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const nameNode = get(s.spec, 'externalName');
      const name = str(nameNode);
      if (s.type !== 'ExternalName') {
        const at = keySpanOf(s.spec, 'externalName');
        if (at !== undefined && name)
          report({
            code: 'K8S019',
            severity: 'warning',
            message: 'spec.externalName is ignored when spec.type is not "ExternalName"',
            at,
          });
        continue;
      }
      if (name === undefined || name === '') {
        report({
          code: 'K8S019',
          severity: 'error',
          message: required('spec.externalName'),
          at: nameNode?.span ?? s.obj.anchor,
        });
      } else {
        const why = dns1123SubdomainError(name.replace(/\.$/, ''));
        if (why !== undefined && nameNode)
          report({
            code: 'K8S019',
            severity: 'error',
            message: invalid('spec.externalName', name, why),
            at: nameNode.span,
          });
      }
      if (s.clusterIP !== undefined && s.clusterIP !== '')
        report({
          code: 'K8S019',
          severity: 'error',
          message: forbidden('spec.clusterIPs', 'may not be set for ExternalName services'),
          at: get(s.spec, 'clusterIP')?.span ?? s.obj.anchor,
        });
      for (const key of ['ipFamilies', 'ipFamilyPolicy']) {
        const at = keySpanOf(s.spec, key);
        if (at !== undefined)
          report({
            code: 'K8S019',
            severity: 'error',
            message: forbidden(`spec.${key}`, 'may not be set for ExternalName services'),
            at,
          });
      }
      const ext = get(s.spec, 'externalIPs');
      const at = keySpanOf(s.spec, 'externalIPs');
      if (isSeq(ext) && ext.items.length > 0 && at !== undefined)
        report({
          code: 'K8S019',
          severity: 'warning',
          message: 'spec.externalIPs is ignored when spec.type is "ExternalName"',
          at,
        });
    }
  },
};
