import { at, get } from '../../../yaml/tree';
import { labelSelectorOf, isEmptySelector, selectorMatches, formatMap } from '../../../kubernetes/selectors';
import type { K8sRule } from '../rule';
import { required } from '../texts';

const CONTROLLERS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/** A controller's selector missing, empty, or not matching its own template's labels. */
export const K8S037: K8sRule = {
  id: 'K8S037',
  title: 'Selector does not match template labels',
  scope: 'object',
  run({ model, report }) {
    for (const pod of model.pods) {
      const o = pod.obj;
      if (!CONTROLLERS.has(o.kind) || !o.apiVersion.startsWith('apps/')) continue;
      const node = at(o.node, 'spec', 'selector');
      const sel = labelSelectorOf(node);
      if (sel === undefined) {
        report({
          code: 'K8S037',
          severity: 'error',
          message: required('spec.selector'),
          at: get(o.node, 'spec')?.span ?? o.anchor,
        });
        continue;
      }
      if (isEmptySelector(sel)) {
        report({
          code: 'K8S037',
          severity: 'error',
          message: `spec.selector: Invalid value: {}: empty selector is invalid for ${o.kind.toLowerCase()}`,
          at: node?.span ?? o.anchor,
        });
        continue;
      }
      if (selectorMatches(sel, pod.labels)) continue;
      report({
        code: 'K8S037',
        severity: 'error',
        message: `spec.template.metadata.labels: Invalid value: {${formatMap(pod.labels)}}: \`selector\` does not match template \`labels\``,
        at: pod.labelsNode?.span ?? node?.span ?? o.anchor,
        ...(node
          ? { related: [{ at: node.span, message: `the selector wants ${formatMap(sel.matchLabels)}` }] }
          : {}),
      });
    }
  },
};
