import type { Rule } from './rule';
import { parseExpose } from '@switchyard/core';
import { get, isScalar, isSeq } from '../compose/tree';

/** An `expose` entry that moby's ParsePortRange refuses, with its text (`invalid start port '80:80': …`). */
export const NET117: Rule = {
  id: 'NET117',
  title: 'Invalid expose entry',
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

/**
 * `parseExpose` results by text: a pure function of the text, and the server runs every rule on every
 * keystroke over entries that nearly never change. Bounded like the port-spec cache (ports/items.ts).
 */
const exposeCache = new Map<string, ReturnType<typeof parseExpose>>();

function parsedExpose(raw: string): ReturnType<typeof parseExpose> {
  let r = exposeCache.get(raw);
  if (r === undefined) {
    if (exposeCache.size >= 20000) exposeCache.clear();
    r = parseExpose(raw);
    exposeCache.set(raw, r);
  }
  return r;
}
