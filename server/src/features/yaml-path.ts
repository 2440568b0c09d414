/**
 * Where the cursor is in a YAML document, read from indentation alone, so completion works in the
 * half-typed text the parser cannot make sense of (`driver: ` with nothing after it, a bare `- `).
 */
export interface TextPath {
  /** Keys from the root to the map or sequence the cursor is in; `#` stands for a sequence item. */
  path: string[];
  /** Set when the cursor is after `key:` on its line: completing that key's value. */
  valueKey?: string;
  /** True when the cursor is in a sequence item (`- ...`) or a flow sequence (`[a, ...`). */
  inItem: boolean;
  /** The word typed so far, which the completion replaces. */
  prefix: string;
}

/**
 * A key line: indentation, an optional `- `, a quoted or plain key, `:`. A plain key ends on a non-space
 * (greedy, then one step back): a lazy `[^#:]*?` before `\s*:` tried every split of a run of spaces, which
 * took seconds on one line of 100k spaces, on every keystroke.
 */
const KEY_LINE = /^(\s*)(-\s+)?(?:"([^"]*)"|'([^']*)'|([^\s#:'"-](?:[^#:]*[^\s#:])?|[^\s#:'"]))\s*:(?:\s|$)/;

interface LineInfo {
  indent: number;
  dash: boolean;
  key?: string;
  keyCol: number;
}

function info(line: string): LineInfo | undefined {
  if (/^\s*(#|$)/.test(line)) return undefined;
  const indent = line.length - line.trimStart().length;
  const m = KEY_LINE.exec(line);
  const dash = /^\s*-(\s|$)/.test(line);
  if (!m) return { indent, dash, keyCol: indent };
  const key = m[3] ?? m[4] ?? m[5];
  return { indent, dash, keyCol: (m[1] ?? '').length + (m[2] ?? '').length, ...(key ? { key } : {}) };
}

/** The keys above line `lineNo`, whose content starts at column `col`, from the root down. */
function parents(lines: string[], lineNo: number, col: number, isItem: boolean): string[] {
  const path: string[] = [];
  let threshold = col;
  // A `- item` may sit at its parent key's own column (`networks:` then `- front` below it).
  let sameColumnOk = isItem;
  for (let i = lineNo - 1; i >= 0 && (threshold > 0 || sameColumnOk); i--) {
    const li = info(lines[i] ?? '');
    if (li === undefined) continue;
    const sameColumnParent = sameColumnOk && !li.dash && li.indent === threshold && li.key !== undefined;
    if (li.indent >= threshold && !sameColumnParent) continue;
    sameColumnOk = false;
    if (li.dash && li.keyCol >= threshold) {
      // Our line is a key of the map inside this sequence item.
      path.push('#');
      threshold = li.indent;
      sameColumnOk = true;
      continue;
    }
    if (li.key === undefined) break;
    path.push(li.key);
    threshold = li.indent;
    if (li.dash) {
      path.push('#');
      sameColumnOk = true;
    }
  }
  return path.reverse();
}

export function textPathAt(text: string, offset: number): TextPath {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();
  const before = text.slice(lineStart, offset);
  const prefix = /[^\s,[\]{}:"']*$/.exec(before)?.[0] ?? '';
  const li = info(before) ?? { indent: before.length, dash: false, keyCol: before.length };
  const base = parents(lines, lines.length, li.indent, li.dash);
  const path = li.dash ? [...base, '#'] : base;
  const flow = /\[[^\]]*$/.test(before);
  if (li.key !== undefined && before.slice(li.keyCol).includes(':')) {
    return { path, valueKey: li.key, inItem: flow, prefix };
  }
  return { path, inItem: li.dash, prefix };
}
