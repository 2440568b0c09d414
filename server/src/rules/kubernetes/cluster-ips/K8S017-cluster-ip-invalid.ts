import { addrOf } from '@switchyard/core';
import { get, isSeq, str } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid, VALID_IP } from '../texts';

/** `clusterIP`/`clusterIPs` not an IP (other than `None`/empty), or `clusterIPs[0]` differing from `clusterIP`. */
export const K8S017: K8sRule = {
  id: 'K8S017',
  title: 'clusterIP invalid',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const ipNode = get(s.spec, 'clusterIP');
      const ip = s.clusterIP;
      const list = get(s.spec, 'clusterIPs');
      if (ip !== undefined && ip !== '' && ip !== 'None' && addrOf(ip) === undefined && ipNode) {
        report({
          code: 'K8S017',
          severity: 'error',
          message: invalid('spec.clusterIPs[0]', ip, VALID_IP),
          at: ipNode.span,
        });
      }
      if (!isSeq(list) || list.items.length === 0) continue;
      const first = str(list.items[0]);
      if (ip === undefined || ip === '') {
        report({
          code: 'K8S017',
          severity: 'error',
          message: `spec.clusterIPs: Invalid value: [${list.items.map((i) => JSON.stringify(str(i) ?? '')).join(',')}]: must be empty when \`clusterIP\` is not specified`,
          at: list.span,
        });
      } else if (first !== ip) {
        report({
          code: 'K8S017',
          severity: 'error',
          message: `spec.clusterIPs: Invalid value: [${list.items.map((i) => JSON.stringify(str(i) ?? '')).join(',')}]: first value must match \`clusterIP\``,
          at: list.span,
        });
      }
      if (list.items.length > 2)
        report({
          code: 'K8S017',
          severity: 'error',
          message: 'spec.clusterIPs: Invalid value: …: may only hold up to 2 values',
          at: list.span,
        });
    }
  },
};
