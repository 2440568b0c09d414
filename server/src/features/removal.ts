import type { SourceText } from '../compose/project';
import type { PEntry, PNode, Span } from '../yaml/tree';

/**
 * What to delete to remove the node a finding points at: when the span is a map key (or its value) or a
 * sequence item written on lines of its own, the whole lines of that entry, so no empty key or stray `-` is
 * left behind; otherwise just the span.
 */
export function removalSpan(src: SourceText, start: number, end: number): Span {
  const found = findNode(src.root, start, end);
  if (found === undefined) return { file: src.path, start, end };
  const lineStart = src.text.lastIndexOf('\n', found.start - 1) + 1;
  const lead = src.text.slice(lineStart, found.start);
  if (!/^\s*(-\s*)?$/.test(lead)) return { file: src.path, start: found.start, end: found.end };
  const nl = src.text.indexOf('\n', Math.max(found.end - 1, found.start));
  // A block value's span already ends after its last newline; a scalar's does not.
  const lineEnd = src.text[found.end - 1] === '\n' ? found.end : nl === -1 ? src.text.length : nl + 1;
  return { file: src.path, start: lineStart, end: lineEnd };
}

function findNode(
  node: PNode | null,
  start: number,
  end: number,
): { start: number; end: number } | undefined {
  if (node === null) return undefined;
  if (node.kind === 'map') {
    for (const e of node.entries) {
      const valueEnd = e.value?.span.end ?? e.keySpan.end;
      const isKey = e.keySpan.start === start && e.keySpan.end === end;
      const isValue = e.value !== null && e.value.span.start === start && e.value.span.end === end;
      const isEntry = e.keySpan.start === start && valueEnd === end;
      if (isKey || isValue || isEntry) return { start: e.keySpan.start, end: valueEnd };
      const inner = findNode(e.value, start, end);
      if (inner) return inner;
    }
  }
  if (node.kind === 'seq') {
    for (const item of node.items) {
      if (item.span.start === start && item.span.end === end)
        return { start: item.span.start, end: item.span.end };
      const inner = findNode(item, start, end);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * Where and what to insert so that `text` becomes a new entry of the map holding the entry at `offset` (its
 * key or its value): on the line after that entry, at the entry's own indentation.
 */
export function siblingInsertion(
  src: SourceText,
  offset: number,
  text: string,
): { offset: number; text: string } {
  const e = entryAt(src.root, offset);
  const keyStart = e?.keySpan.start ?? offset;
  const lineStart = src.text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = ' '.repeat(keyStart - lineStart);
  const end = e ? (e.value?.span.end ?? e.keySpan.end) : offset;
  if (src.text[end - 1] === '\n') return { offset: end, text: `${indent}${text}\n` };
  const nl = src.text.indexOf('\n', end);
  if (nl === -1) return { offset: src.text.length, text: `\n${indent}${text}` };
  return { offset: nl + 1, text: `${indent}${text}\n` };
}

/** The innermost map entry whose key or value starts at or contains `offset`. */
function entryAt(node: PNode | null, offset: number): PEntry | undefined {
  if (node === null) return undefined;
  const children: PNode[] = node.kind === 'map' ? [] : node.kind === 'seq' ? node.items : [];
  if (node.kind === 'map') {
    for (const e of node.entries) {
      const end = e.value?.span.end ?? e.keySpan.end;
      if (offset < e.keySpan.start || offset > end) continue;
      return entryAt(e.value, offset) ?? e;
    }
  }
  for (const c of children) {
    if (offset >= c.span.start && offset <= c.span.end) return entryAt(c, offset);
  }
  return undefined;
}
