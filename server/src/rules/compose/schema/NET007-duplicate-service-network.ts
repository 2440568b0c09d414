import type { Rule } from '../../rule';
import { isSeq, str } from '../../../yaml/tree';
import { serviceNetworkBlocks } from '../files';
import { validating } from './schema';

/** The list form of a service's `networks` names one network twice (`uniqueItems` in the schema). */
export const NET007: Rule = {
  id: 'NET007',
  title: 'Duplicate network in a service network list',
  scope: 'service',
  run({ project, report }) {
    for (const { file, service, entry } of serviceNetworkBlocks(project)) {
      if (!isSeq(entry.value)) continue;
      const first = new Map<string, number>();
      entry.value.items.forEach((item, i) => {
        const name = str(item);
        if (name === undefined) return;
        const j = first.get(name);
        if (j === undefined) {
          first.set(name, i);
          return;
        }
        const original = isSeq(entry.value) ? entry.value.items[j] : undefined;
        report({
          code: 'NET007',
          severity: 'error',
          message: validating(file, `services.${service}.networks`, `items at ${j} and ${i} are equal`),
          at: item.span,
          ...(original ? { related: [{ at: original.span, message: `${name} is first listed here` }] } : {}),
          fix: { kind: 'remove', title: `Remove the duplicate ${name}` },
        });
      });
    }
  },
};
