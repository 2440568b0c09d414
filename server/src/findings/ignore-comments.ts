import type { Finding } from '@switchyard/core';
import type { Span } from '../yaml/tree';
import { matches, unknownRule } from './levels';
import { knownText, sameText, stillAbsent } from '../yaml/text-edits';
import type { KnownText } from '../yaml/text-edits';

/**
 * Inline suppression: `# switchyard-ignore NET109: reason` (several ids: `NET109, NET110`; the reason is
 * optional but kept for the reader). After other text on a line it silences that line's findings with those
 * ids; on a line of its own, those of the next line that is neither blank nor only a comment. A finding
 * belongs to the line it starts on.
 */
export const IGNORE_WORD = 'switchyard-ignore';

const COMMENT = /(^|\s)#\s*switchyard-ignore\b[ \t]*([^:\n]*)(?::(.*))?$/;
const ID = /[A-Za-z0-9*]+/g;

export interface IgnoreDirective {
  /** The 0-based line the directive silences. */
  target: number;
  ids: { id: string; start: number; end: number }[];
  /** Offset of the comment's `#`. */
  at: number;
}

/**
 * Budgets for hostile text: ids read from one directive, and CONFIG findings about ignore comments per file
 * (a file of 100,000 bogus ids gets the first of them reported, and one line that says the rest were not).
 */
export const MAX_IDS_PER_DIRECTIVE = 32;
export const MAX_PROBLEMS_PER_FILE = 100;

/** The directives of a file's text; one pass over it, only when the word appears at all. */
export function ignoreDirectives(text: string): IgnoreDirective[] {
  return text.includes(IGNORE_WORD) ? scan(text) : [];
}

/**
 * The directives of each file's last text: a project's unchanged files are the same strings after an edit,
 * so the layer does not scan them again (`===` on the same string is a pointer comparison).
 */
const lastDirectives = new Map<string, KnownText & { directives: IgnoreDirective[] }>();
const MAX_REMEMBERED_FILES = 4096;
const NONE: IgnoreDirective[] = [];

function directivesOf(file: string, text: string): IgnoreDirective[] {
  const known = lastDirectives.get(file);
  if (known !== undefined && sameText(known, text)) return known.directives;
  // A keystroke in a file without the word: only the changed part is searched for it (yaml/text-edits.ts).
  const directives =
    known !== undefined && known.directives.length === 0 && stillAbsent(known.mark, text, IGNORE_WORD)
      ? NONE
      : ignoreDirectives(text);
  if (lastDirectives.size >= MAX_REMEMBERED_FILES) lastDirectives.clear();
  lastDirectives.set(file, { ...knownText(text), directives });
  return directives;
}

function scan(text: string): IgnoreDirective[] {
  const out: IgnoreDirective[] = [];
  const lines = text.split('\n');
  let offset = 0;
  const pending: IgnoreDirective[] = [];
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const found = COMMENT.exec(line);
    const hash = found ? line.indexOf('#', found.index + (found[1] ?? '').length) : -1;
    // A `#` inside a quoted scalar is text, not a comment.
    const m = found && !insideQuotes(line, hash) ? found : null;
    const alone = /^\s*(#.*)?$/.test(line);
    if (!alone) {
      for (const p of pending.splice(0)) out.push({ ...p, target: i });
    }
    if (m && hash >= 0) {
      const list = m[2] ?? '';
      const listStart = line.indexOf(list, hash);
      const ids = [...list.matchAll(ID)].slice(0, MAX_IDS_PER_DIRECTIVE).map((x) => ({
        id: x[0],
        start: offset + listStart + (x.index ?? 0),
        end: offset + listStart + (x.index ?? 0) + x[0].length,
      }));
      const d: IgnoreDirective = { target: i, ids, at: offset + hash };
      if (alone) pending.push(d);
      else out.push(d);
    }
    offset += raw.length + 1;
  });
  return out;
}

/** The file's line starts, as the loaders keep them. */
type LineOf = (offset: number) => number;

/**
 * Drops the findings an ignore comment silences; returns them and a CONFIG finding for each id that names
 * no rule and each directive that names none.
 */
export function applyIgnores(
  findings: Finding<Span>[],
  files: Map<string, { text: string; lineOf: LineOf }>,
): { kept: Finding<Span>[]; problems: Finding<Span>[] } {
  const byFile = new Map<string, Map<number, Set<string>>>();
  const problems: Finding<Span>[] = [];
  for (const [file, src] of files) {
    const directives = directivesOf(file, src.text);
    if (directives.length === 0) continue;
    const lines = new Map<number, Set<string>>();
    const before = problems.length;
    for (const d of directives) {
      const set = lines.get(d.target) ?? new Set<string>();
      if (d.ids.length === 0) {
        problems.push(
          configProblem(`# ${IGNORE_WORD} needs a rule id: # ${IGNORE_WORD} NET109: reason`, {
            file,
            start: d.at,
            end: d.at + 1,
          }),
        );
      }
      for (const id of d.ids) {
        const why = unknownRule(id.id);
        if (why !== undefined)
          problems.push(configProblem(`${IGNORE_WORD}: ${why}`, { file, start: id.start, end: id.end }));
        else set.add(id.id.toUpperCase());
      }
      lines.set(d.target, set);
    }
    const extra = problems.length - before - MAX_PROBLEMS_PER_FILE;
    if (extra > 0) {
      const last = problems[before + MAX_PROBLEMS_PER_FILE - 1];
      problems.splice(before + MAX_PROBLEMS_PER_FILE);
      if (last)
        problems.push({
          ...last,
          code: 'LIMIT',
          message: `${extra} more problems with # ${IGNORE_WORD} comments in this file are not reported one by one`,
        });
    }
    byFile.set(file, lines);
  }
  if (byFile.size === 0) return { kept: findings, problems };
  const kept = findings.filter((f) => {
    const lines = byFile.get(f.at.file);
    const lineOf = files.get(f.at.file)?.lineOf;
    if (lines === undefined || lineOf === undefined) return true;
    const ids = lines.get(lineOf(f.at.start));
    return ids === undefined || ![...ids].some((id) => matches(id, f.code));
  });
  return { kept, problems };
}

export function configProblem(message: string, at: Span): Finding<Span> {
  return { code: 'CONFIG', severity: 'warning', message, at };
}

/** Whether offset `at` of a line is inside a single- or double-quoted scalar that starts on that line. */
function insideQuotes(line: string, at: number): boolean {
  let quote: string | undefined;
  for (let i = 0; i < at; i++) {
    const c = line[i];
    if (quote === undefined) {
      if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(line[i - 1] ?? ''))) quote = c;
    } else if (c === '\\' && quote === '"') i++;
    else if (c === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else quote = undefined;
    }
  }
  return quote !== undefined;
}
