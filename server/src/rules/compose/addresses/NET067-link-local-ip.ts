import { isUnspecified, parseAddr } from '@switchyard/core';
import type { Rule } from '../../rule';
import { isSeq } from '../../../yaml/tree';
import { attachmentEntry, attachments, located } from '../model';

/** A `link_local_ips` entry that is not an address (Compose's text) or is unspecified (the engine's). */
export const NET067: Rule = {
  id: 'NET067',
  title: 'Invalid link_local_ips entry',
  scope: 'service',
  run({ project, report }) {
    for (const a of attachments(project)) {
      const list = attachmentEntry(a, 'link_local_ips')?.value;
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        const v = located(item);
        if (!v) continue;
        const p = parseAddr(v.value);
        const message = !p.ok
          ? `invalid link-local IP: ${p.error}`
          : isUnspecified(p.value)
            ? `invalid link-local IP address: ${v.value}`
            : undefined;
        if (message) report({ code: 'NET067', severity: 'error', message, at: v.at });
      }
    }
  },
};
