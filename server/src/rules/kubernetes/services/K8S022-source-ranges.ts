import { formatPrefix, isMasked, masked, parsePrefix } from '@switchyard/core';
import { get, isSeq, str } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid, VALID_CIDR } from '../texts';

/** `loadBalancerSourceRanges`: not a CIDR (E), host bits set (W, accepted with a warning). */
export const K8S022: K8sRule = {
  id: 'K8S022',
  title: 'loadBalancerSourceRanges entry invalid',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const list = get(s.spec, 'loadBalancerSourceRanges');
      if (!isSeq(list)) continue;
      list.items.forEach((item, i) => {
        const text = (str(item) ?? '').trim();
        const p = parsePrefix(text);
        if (!p.ok) {
          report({
            code: 'K8S022',
            severity: 'error',
            message: invalid(`spec.LoadBalancerSourceRanges[${i}]`, text, VALID_CIDR),
            at: item.span,
          });
        } else if (!isMasked(p.value)) {
          const net = formatPrefix(masked(p.value));
          const host = `${text.slice(0, text.indexOf('/'))}/${p.value.addr.family === 4 ? 32 : 128}`;
          report({
            code: 'K8S022',
            severity: 'warning',
            message: `spec.loadBalancerSourceRanges[${i}]: CIDR value ${JSON.stringify(text)} is ambiguous in this context (should be ${JSON.stringify(net)} or ${JSON.stringify(host)}?)`,
            at: item.span,
            fix: { kind: 'replace', title: `Use ${net}`, text: net },
          });
        }
      });
    }
  },
};
