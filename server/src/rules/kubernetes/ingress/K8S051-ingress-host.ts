import { addrOf } from '@switchyard/core';
import { at, get, isSeq, str } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import type { K8sRule, K8sRuleContext } from '../rule';
import { dns1123SubdomainError, invalid } from '../texts';

const WILDCARD =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Ingress hosts (rules and TLS): a DNS name or a `*.` wildcard, not an IP, no port. */
export const K8S051: K8sRule = {
  id: 'K8S051',
  title: 'Ingress host invalid',
  scope: 'object',
  run(ctx) {
    for (const ing of ctx.model.byKind.get('Ingress') ?? []) {
      const rules = at(ing.node, 'spec', 'rules');
      if (isSeq(rules)) rules.items.forEach((r, i) => check(ctx, get(r, 'host'), `spec.rules[${i}].host`));
      const tls = at(ing.node, 'spec', 'tls');
      if (isSeq(tls))
        tls.items.forEach((t, i) => {
          const hosts = get(t, 'hosts');
          if (isSeq(hosts)) hosts.items.forEach((h, j) => check(ctx, h, `spec.tls[${i}].hosts[${j}]`));
        });
    }
  },
};

function check({ report }: K8sRuleContext, node: PNode | null | undefined, path: string): void {
  const host = str(node);
  if (host === undefined || host === '' || !node) return;
  let why: string | undefined;
  if (addrOf(host) !== undefined) why = 'must be a DNS name, not an IP address';
  else if (host.includes('*'))
    why = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(host)
      ? undefined
      : WILDCARD;
  else why = dns1123SubdomainError(host);
  if (why !== undefined)
    report({ code: 'K8S051', severity: 'error', message: invalid(path, host, why), at: node.span });
}
