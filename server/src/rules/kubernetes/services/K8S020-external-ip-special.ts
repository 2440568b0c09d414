import { addrOf, contains, parsePrefix } from '@switchyard/core';
import { get, isSeq, str } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid, VALID_IP } from '../texts';

const SPECIAL: [string[], string][] = [
  [['127.0.0.0/8', '::1/128'], 'may not be in the loopback range (127.0.0.0/8, ::1/128)'],
  [['169.254.0.0/16', 'fe80::/10'], 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
  [['224.0.0.0/24', 'ff02::/16'], 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
];

/** `externalIPs` entries that are not IPs, or are unspecified, loopback, link-local or link-local multicast. */
export const K8S020: K8sRule = {
  id: 'K8S020',
  title: 'externalIPs entry invalid or special',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const list = get(s.spec, 'externalIPs');
      if (!isSeq(list)) continue;
      list.items.forEach((item, i) => {
        const text = str(item) ?? '';
        const path = `spec.externalIPs[${i}]`;
        const a = addrOf(text);
        let why: string | undefined;
        if (a === undefined) why = VALID_IP;
        else if (a.value === 0n) why = `may not be unspecified (${a.family === 4 ? '0.0.0.0' : '::'})`;
        else
          why = SPECIAL.find(([ranges]) =>
            ranges.some((r) => {
              const p = parsePrefix(r);
              return p.ok && p.value.addr.family === a.family && contains(p.value, a);
            }),
          )?.[1];
        if (why !== undefined)
          report({ code: 'K8S020', severity: 'error', message: invalid(path, text, why), at: item.span });
      });
    }
  },
};
