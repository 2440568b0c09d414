import { formatPrefix, isMasked, masked, parsePrefix } from '@switchyard/core';
import { get, isSeq } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import { peers, scalarText } from './netpol';
import type { K8sRule, K8sRuleContext } from '../rule';

/** `ipBlock` CIDRs with host bits set: accepted with a warning (refused under `StrictIPCIDRValidation`). */
export const K8S045: K8sRule = {
  id: 'K8S045',
  title: 'ipBlock CIDR with host bits',
  scope: 'object',
  run(ctx) {
    for (const policy of ctx.model.byKind.get('NetworkPolicy') ?? []) {
      for (const peer of peers(policy)) {
        const block = get(peer.node, 'ipBlock');
        check(ctx, get(block, 'cidr'), `${peer.path}.ipBlock.cidr`);
        const except = get(block, 'except');
        if (isSeq(except)) except.items.forEach((e, i) => check(ctx, e, `${peer.path}.ipBlock.except[${i}]`));
      }
    }
  },
};

function check({ report }: K8sRuleContext, node: PNode | null | undefined, path: string): void {
  const text = scalarText(node);
  if (text === undefined || node === null || node === undefined) return;
  const p = parsePrefix(text);
  if (!p.ok || isMasked(p.value)) return;
  const net = formatPrefix(masked(p.value));
  const host = `${text.slice(0, text.indexOf('/'))}/${p.value.addr.family === 4 ? 32 : 128}`;
  report({
    code: 'K8S045',
    severity: 'warning',
    message: `${path}: CIDR value ${JSON.stringify(text)} is ambiguous in this context (should be ${JSON.stringify(net)} or ${JSON.stringify(host)}?)`,
    at: node.span,
    fix: { kind: 'replace', title: `Use ${net}`, text: net },
  });
}
