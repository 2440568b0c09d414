import type { Rule } from '../../rule';
import { isSeq, str } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import { attachmentEntry, attachments } from '../network-facts';
import { attachmentReads } from '../../reads';

/**
 * An alias that two services share on one network, or that names another service on it: the embedded DNS
 * answers with either, so which one a client reaches is not defined.
 */
export const NET074: Rule = {
  id: 'NET074',
  title: 'Ambiguous network alias',
  reads: attachmentReads('aliases'),
  run({ project, report }) {
    // Only attachments with aliases can be ambiguous, and only their networks' services are looked up: a
    // set of service names per network would be 640,000 sets for one service on that many networks.
    const aliased = attachments(project).filter((a) => isSeq(attachmentEntry(a, 'aliases')?.value));
    if (aliased.length === 0) return;
    const onNet = new Map<string, Set<string>>();
    for (const a of aliased) onNet.set(a.key, new Set());
    for (const a of attachments(project)) onNet.get(a.key)?.add(a.service.name);
    const owner = new Map<string, { service: string; span: Span }>();
    for (const a of aliased) {
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
