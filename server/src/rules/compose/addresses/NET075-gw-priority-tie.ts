import type { Rule } from '../../rule';
import { attachmentEntry, attachments, pushTo } from '../model';
import type { Attachment } from '../model';
import { intOption } from './priority';

/**
 * Several networks of one service set the same highest `gw_priority`: the engine then picks the default
 * gateway by its own order, which is probably not what the numbers were meant to decide.
 */
export const NET075: Rule = {
  id: 'NET075',
  title: 'gw_priority tie',
  scope: 'service',
  run({ project, report }) {
    const bySvc = new Map<string, Attachment[]>();
    for (const a of attachments(project)) {
      if (attachmentEntry(a, 'gw_priority')) pushTo(bySvc, a.service.name, a);
    }
    for (const list of bySvc.values()) {
      // A loop, not Math.max(...list): spreading 200k arguments overflows the stack.
      const top = list.reduce((m, a) => Math.max(m, intOption(a, 'gw_priority')), -Infinity);
      const tied = list.filter((a) => intOption(a, 'gw_priority') === top);
      if (tied.length < 2) continue;
      const [first, ...rest] = tied;
      for (const a of rest) {
        const e = attachmentEntry(a, 'gw_priority');
        if (!e?.value || !first) continue;
        report({
          code: 'NET075',
          severity: 'information',
          message: `networks "${first.key}" and "${a.key}" of service "${a.service.name}" share the highest gw_priority ${top}, so the engine picks the default gateway itself; make one higher`,
          at: e.value.span,
        });
      }
    }
  },
};
