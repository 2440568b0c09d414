import type { Rule } from '../../rule';
import { str } from '../../../yaml/tree';
import { attachmentEntry, attachments } from '../model';
import type { Attachment } from '../model';

/** Two networks of one service asking for the same `interface_name`: one container cannot have both. */
export const NET073: Rule = {
  id: 'NET073',
  title: 'Duplicate interface_name in one service',
  scope: 'service',
  run({ project, report }) {
    const seen = new Map<string, Attachment>();
    for (const a of attachments(project)) {
      const e = attachmentEntry(a, 'interface_name');
      const name = str(e?.value);
      if (!e?.value || name === undefined || name === '') continue;
      const key = `${a.service.name}\u0000${name}`;
      const prior = seen.get(key);
      if (!prior) {
        seen.set(key, a);
        continue;
      }
      const priorNode = attachmentEntry(prior, 'interface_name')?.value;
      report({
        code: 'NET073',
        severity: 'error',
        message: `service "${a.service.name}" asks for interface "${name}" on networks "${prior.key}" and "${a.key}"; a container cannot have two interfaces of one name, so rename one`,
        at: e.value.span,
        ...(priorNode
          ? { related: [{ at: priorNode.span, message: `interface_name on network "${prior.key}"` }] }
          : {}),
      });
    }
  },
};
