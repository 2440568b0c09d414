import { addrOf } from '@switchyard/core';
import { get, isSeq, str } from '../../../yaml/tree';
import { keySpanOf } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';
import { dns1123LabelError, invalid, required, VALID_IP } from '../texts';

/** Pod DNS fields: hostAliases IPs, nameservers (IPs, at most 3), dnsPolicy None without dnsConfig, hostname/subdomain. */
export const K8S040: K8sRule = {
  id: 'K8S040',
  title: 'Pod DNS fields invalid',
  scope: 'object',
  run({ model, report }) {
    for (const pod of model.pods) {
      const pre = pod.prefix;
      const aliases = get(pod.spec, 'hostAliases');
      if (isSeq(aliases))
        aliases.items.forEach((a, i) => {
          const ip = get(a, 'ip');
          const text = str(ip);
          if (ip && text !== undefined && addrOf(text) === undefined)
            report({
              code: 'K8S040',
              severity: 'error',
              message: invalid(`${pre}.hostAliases[${i}].ip`, text, VALID_IP),
              at: ip.span,
            });
        });
      const cfg = get(pod.spec, 'dnsConfig');
      const ns = get(cfg, 'nameservers');
      if (isSeq(ns)) {
        ns.items.forEach((n, i) => {
          const text = str(n) ?? '';
          if (addrOf(text) === undefined)
            report({
              code: 'K8S040',
              severity: 'error',
              message: invalid(`${pre}.dnsConfig.nameservers[${i}]`, text, VALID_IP),
              at: n.span,
            });
        });
        if (ns.items.length > 3)
          report({
            code: 'K8S040',
            severity: 'error',
            message: `${pre}.dnsConfig.nameservers: Invalid value: …: must not have more than 3 nameservers`,
            at: ns.span,
          });
      }
      const policy = get(pod.spec, 'dnsPolicy');
      if (str(policy) === 'None' && policy && (!isSeq(ns) || ns.items.length === 0) && cfg === undefined)
        report({
          code: 'K8S040',
          severity: 'error',
          message: required(`${pre}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'),
          at: policy.span,
        });
      for (const key of ['hostname', 'subdomain']) {
        const v = str(get(pod.spec, key));
        const why = v === undefined || v === '' ? undefined : dns1123LabelError(v);
        if (why !== undefined && v !== undefined)
          report({
            code: 'K8S040',
            severity: 'error',
            message: invalid(`${pre}.${key}`, v, why),
            at: get(pod.spec, key)?.span ?? keySpanOf(pod.spec, key) ?? pod.obj.anchor,
          });
      }
    }
  },
};
