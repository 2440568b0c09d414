import type { Attachment } from '../model';
import { attachmentEntry } from '../model';
import { str } from '../../../yaml/tree';

/** An integer option of an attachment (`priority`, `gw_priority`); 0 when absent or not a number. */
export function intOption(a: Attachment, key: string): number {
  const n = Number(str(attachmentEntry(a, key)?.value));
  return Number.isInteger(n) ? n : 0;
}

/** compose-go `NetworksByPriority`: highest `priority` first, then network key in order. */
export function byPriority(list: readonly Attachment[]): Attachment[] {
  return [...list].sort(
    (x, y) =>
      intOption(y, 'priority') - intOption(x, 'priority') || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
  );
}
