import type { Rule } from '../../rule';
import { entry, isScalar, str } from '../../../yaml/tree';

/** RFC 1123 labels: letters, digits and inner hyphens, 1-63 characters each, 253 in all. */
const LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

export function isRfc1123Name(name: string): boolean {
  return name.length <= 253 && name.split('.').every((l) => LABEL.test(l));
}

/** `hostname` / `domainname` that the spec requires to be an RFC 1123 name (`my_host` is not). */
export const NET135: Rule = {
  id: 'NET135',
  title: 'Host name is not RFC 1123',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      for (const key of ['hostname', 'domainname']) {
        const e = entry(svc.node, key);
        const value = str(e?.value);
        if (!e || !isScalar(e.value) || value === undefined || value === '' || isRfc1123Name(value)) continue;
        report({
          code: 'NET135',
          severity: 'warning',
          message:
            `${key} "${value}" is not a valid RFC 1123 host name (letters, digits and "-" in dot-separated ` +
            `labels of at most 63 characters; no "_")`,
          at: e.value.span,
          ...(/_/.test(value) && isRfc1123Name(value.replace(/_/g, '-'))
            ? {
                fix: {
                  kind: 'replace',
                  title: `Use ${value.replace(/_/g, '-')}`,
                  text: value.replace(/_/g, '-'),
                },
              }
            : {}),
        });
      }
    }
  },
};
