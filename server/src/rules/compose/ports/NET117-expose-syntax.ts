import type { Rule } from '../../rule';
import { memoByText, parseExpose } from '@switchyard/core';
import { get, isScalar, isSeq } from '../../../yaml/tree';

/** An `expose` entry that moby's ParsePortRange refuses, with its text (`invalid start port '80:80': …`). */
export const NET117: Rule = {
  id: 'NET117',
  title: 'Invalid expose entry',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const expose = get(svc.node, 'expose');
      if (!isSeq(expose)) continue;
      for (const n of expose.items) {
        if (!isScalar(n) || n.value === null || typeof n.value === 'boolean') continue;
        const raw = String(n.value);
        if (raw.includes('$')) continue;
        const r = parsedExpose(raw);
        if (r.ok) continue;
        report({ code: 'NET117', severity: 'error', message: r.error, at: n.span });
      }
    }
  },
};

/** `parseExpose` by text (memo.ts): the server runs every rule on every keystroke over entries that nearly never change. */
const parsedExpose = memoByText(parseExpose);
