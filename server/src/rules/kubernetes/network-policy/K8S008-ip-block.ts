import { containsPrefix, masked, parsePrefix, samePrefix } from '@switchyard/core';
import { get, isSeq } from '../../../yaml/tree';
import { peers, scalarText } from './netpol';
import type { K8sRule } from '../rule';
import { invalid, required, VALID_CIDR } from '../texts';

/** NetworkPolicy `ipBlock`: `cidr` missing or not a CIDR; an `except` that is not a strict subset of it. */
export const K8S008: K8sRule = {
  id: 'K8S008',
  title: 'ipBlock cidr or except invalid',
  scope: 'object',
  run({ model, report }) {
    for (const policy of model.byKind.get('NetworkPolicy') ?? []) {
      for (const peer of peers(policy)) {
        const block = get(peer.node, 'ipBlock');
        if (block === undefined || block === null) continue;
        const path = `${peer.path}.ipBlock`;
        const cidrNode = get(block, 'cidr');
        const cidr = scalarText(cidrNode);
        if (cidr === undefined || cidr === '') {
          report({
            code: 'K8S008',
            severity: 'error',
            message: required(`${path}.cidr`),
            at: (cidrNode ?? block).span,
          });
          continue;
        }
        const parsed = parsePrefix(cidr);
        if (!parsed.ok) {
          report({
            code: 'K8S008',
            severity: 'error',
            message: invalid(`${path}.cidr`, cidr, VALID_CIDR),
            at: cidrNode?.span ?? block.span,
          });
          continue;
        }
        const outer = masked(parsed.value);
        const except = get(block, 'except');
        if (!isSeq(except)) continue;
        except.items.forEach((e, i) => {
          const text = scalarText(e) ?? '';
          const p = parsePrefix(text);
          const epath = `${path}.except[${i}]`;
          if (!p.ok) {
            report({
              code: 'K8S008',
              severity: 'error',
              message: invalid(epath, text, VALID_CIDR),
              at: e.span,
            });
            return;
          }
          const inner = masked(p.value);
          if (containsPrefix(outer, inner) && !samePrefix(outer, inner)) return;
          report({
            code: 'K8S008',
            severity: 'error',
            message: invalid(epath, text, 'must be a strict subset of `cidr`'),
            at: e.span,
            related: [{ at: cidrNode?.span ?? block.span, message: `the block's cidr is ${cidr}` }],
          });
        });
      }
    }
  },
};
