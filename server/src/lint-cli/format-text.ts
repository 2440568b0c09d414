import type { Severity } from '@switchyard/protocol';
import type { Problem } from './problems';

const COLOR: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '36' };
const paint = (on: boolean, code: string, s: string): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/**
 * Compiler-style text: `file:line:col: severity CODE message`, 1-based. On a terminal each problem also
 * shows its source line with the span marked by carets, and the related places as `note:` lines.
 */
export function formatText(
  problems: Problem[],
  textOf: (path: string) => string | undefined,
  color: boolean,
): string {
  const out: string[] = [];
  for (const p of problems) {
    const where = `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}:`;
    out.push(
      `${paint(color, '1', where)} ${paint(color, `1;${COLOR[p.severity]}`, p.severity)} ${paint(color, '2', p.code)} ${p.message}`,
    );
    if (color) for (const line of excerpt(textOf(p.path), p, color)) out.push(line);
    for (const r of p.related) {
      out.push(
        `  ${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${paint(color, '1;36', 'note:')} ${r.message}`,
      );
    }
  }
  out.push(summary(problems));
  return `${out.join('\n')}\n`;
}

function excerpt(text: string | undefined, p: Problem, color: boolean): string[] {
  if (text === undefined) return [];
  const lineNo = p.range.start.line;
  const line = (text.split('\n')[lineNo] ?? '').replace(/\r$/, '');
  const from = p.range.start.character;
  const to =
    p.range.end.line === lineNo ? Math.max(p.range.end.character, from + 1) : Math.max(line.length, from + 1);
  const gutter = String(lineNo + 1).padStart(5);
  const blank = ' '.repeat(gutter.length);
  const expand = (s: string): string => s.replace(/\t/g, '    ');
  const carets =
    ' '.repeat(expand(line.slice(0, from)).length) +
    '^'.repeat(Math.max(1, expand(line.slice(from, to)).length));
  return [
    `${paint(color, '2', `${gutter} |`)} ${expand(line)}`,
    `${paint(color, '2', `${blank} |`)} ${paint(color, `1;${COLOR[p.severity]}`, carets)}`,
  ];
}

function summary(problems: Problem[]): string {
  if (problems.length === 0) return 'no problems found';
  const count = (s: Severity): number => problems.filter((p) => p.severity === s).length;
  const parts: string[] = [];
  const add = (n: number, word: string): void => {
    if (n > 0) parts.push(`${n} ${word}${n === 1 ? '' : 's'}`);
  };
  add(count('error'), 'error');
  add(count('warning'), 'warning');
  add(count('information') + count('hint'), 'note');
  return parts.join(', ');
}
