import type { Severity } from '@switchyard/protocol';
import type { Problem } from './problems';

const COMMAND: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

/** Workflow-command escaping: data escapes %, CR and LF; property values also `:` and `,`. */
const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * `--format github`: one workflow command per finding (`::error file=…,line=…::message`), which GitHub
 * Actions turns into annotations on the pull request; lines and columns 1-based, information and hints as
 * notices. Related places are appended to the message, as an annotation has one location.
 */
export function formatGithub(problems: Problem[]): string {
  const out = problems.map((p) => {
    const { start, end } = p.range;
    const props = [
      `file=${prop(p.file)}`,
      `line=${start.line + 1}`,
      `endLine=${end.line + 1}`,
      `col=${start.character + 1}`,
      ...(end.line === start.line ? [`endColumn=${end.character + 1}`] : []),
      `title=${prop(`switchyard ${p.code}`)}`,
    ];
    const related = p.related.map((r) => `\n${r.file}:${r.range.start.line + 1}: ${r.message}`).join('');
    return `::${COMMAND[p.severity]} ${props.join(',')}::${data(`${p.code} ${p.message}${related}`)}`;
  });
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
