import { at, get, isSeq, str } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid, required, unsupported } from '../texts';

const TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const BAD = ['//', '/./', '/../', '%2f', '%2F'];

/** Ingress paths: pathType required and known; Exact/Prefix paths absolute and clean. */
export const K8S049: K8sRule = {
  id: 'K8S049',
  title: 'Ingress path invalid',
  scope: 'object',
  run({ model, report }) {
    for (const ing of model.byKind.get('Ingress') ?? []) {
      const rules = at(ing.node, 'spec', 'rules');
      if (!isSeq(rules)) continue;
      rules.items.forEach((r, i) => {
        const paths = at(r, 'http', 'paths');
        if (!isSeq(paths)) return;
        paths.items.forEach((p, j) => {
          const base = `spec.rules[${i}].http.paths[${j}]`;
          const typeNode = get(p, 'pathType');
          const type = str(typeNode);
          if (type === undefined) {
            report({
              code: 'K8S049',
              severity: 'error',
              message: required(`${base}.pathType`, 'pathType must be specified'),
              at: p.span,
            });
            return;
          }
          if (!TYPES.includes(type)) {
            report({
              code: 'K8S049',
              severity: 'error',
              message: unsupported(`${base}.pathType`, type, TYPES),
              at: typeNode?.span ?? p.span,
            });
            return;
          }
          const pathNode = get(p, 'path');
          const path = str(pathNode);
          if (path === undefined || !pathNode) return;
          const fail = (detail: string): void =>
            report({
              code: 'K8S049',
              severity: 'error',
              message: invalid(`${base}.path`, path, detail),
              at: pathNode.span,
            });
          if (type === 'ImplementationSpecific') {
            if (path !== '' && !path.startsWith('/')) fail('must be an absolute path');
            return;
          }
          if (!path.startsWith('/')) return fail('must be an absolute path');
          const bad = BAD.find((b) => path.includes(b));
          if (bad !== undefined) return fail(`must not contain '${bad}'`);
          for (const end of ['/..', '/.']) if (path.endsWith(end)) return fail(`cannot end with '${end}'`);
        });
      });
    }
  },
};
