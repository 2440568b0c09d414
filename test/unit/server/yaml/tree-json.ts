/**
 * A parsed tree (or anything holding parsed nodes: findings, models) as JSON. A parsed node is its own span
 * and an entry its own key span (server/src/yaml/tree.ts, `OwnSpan`), a cycle `JSON.stringify` refuses:
 * here such a self-reference is left out (the node's own `file`, `start` and `end` are written), and a span
 * that is another object is written as its three fields.
 */
export function treeJson(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      if (key !== 'span' && key !== 'keySpan' && key !== 'at') return v;
      if (v === this) return undefined;
      if (v !== null && typeof v === 'object' && 'file' in v && 'start' in v && 'end' in v) {
        const s = v as { file: unknown; start: unknown; end: unknown };
        return { file: s.file, start: s.start, end: s.end };
      }
      return v;
    },
    space,
  );
}
