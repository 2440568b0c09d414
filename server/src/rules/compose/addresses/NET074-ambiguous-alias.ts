import type { Rule } from '../../rule';
import { isSeq, str } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import { attachmentEntry, attachments } from '../model';

/**
 * An alias that two services share on one network, or that names another service on it: the embedded DNS
 * answers with either, so which one a client reaches is not defined.
 */
export const NET074: Rule = {
  id: 'NET074',
  title: 'Ambiguous network alias',
  run({ project, report }) {
    const all = attachments(project);
    const onNet = new Map<string, Set<string>>();
    for (const a of all) onNet.set(a.key, (onNet.get(a.key) ?? new Set()).add(a.service.name));
    const owner = new Map<string, { service: string; span: Span }>();
    for (const a of all) {
      const list = attachmentEntry(a, 'aliases')?.value;
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        const alias = str(item);
        if (alias === undefined || alias === a.service.name) continue;
        const key = `${a.key}\u0000${alias}`;
        const prior = owner.get(key);
        if (onNet.get(a.key)?.has(alias)) {
          report({
            code: 'NET074',
            severity: 'warning',
            message: `alias "${alias}" of service "${a.service.name}" on network "${a.key}" is also the name of service "${alias}" there; lookups of "${alias}" may reach either, so pick another alias`,
            at: item.span,
          });
        } else if (prior && prior.service !== a.service.name) {
          report({
            code: 'NET074',
            severity: 'warning',
            message: `alias "${alias}" on network "${a.key}" is given to services "${prior.service}" and "${a.service.name}"; lookups may reach either, so give each its own alias`,
            at: item.span,
            related: [{ at: prior.span, message: `service "${prior.service}" has alias "${alias}"` }],
          });
        }
        if (!prior) owner.set(key, { service: a.service.name, span: item.span });
      }
    }
  },
};
