import { createHash } from 'node:crypto';
import type { Severity } from '@switchyard/protocol';
import type { Problem } from './problems';

/** GitLab shows these five; an error blocks as a major issue, as ESLint's GitLab formatters map it. */
const SEVERITY: Record<Severity, string> = {
  error: 'major',
  warning: 'minor',
  information: 'info',
  hint: 'info',
};

/**
 * `--format codeclimate`: the Code Climate issue array GitLab's code quality report reads
 * (`artifacts: reports: codequality`). The fingerprint is stable while the finding is: the file, the code,
 * the message and the text of the line it starts on, so moving a block does not make it a new issue.
 */
export function formatCodeClimate(problems: Problem[], lineText: (p: Problem) => string): string {
  const seen = new Map<string, number>();
  const issues = problems.map((p) => {
    const base = createHash('sha256')
      .update(`${p.file}\0${p.code}\0${p.message}\0${lineText(p).trim()}`)
      .digest('hex');
    // Two identical findings on identical lines still need two fingerprints.
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return {
      type: 'issue',
      check_name: p.code,
      description: `${p.code} ${p.message}`,
      categories: ['Bug Risk'],
      severity: SEVERITY[p.severity],
      fingerprint: n === 0 ? base : createHash('sha256').update(`${base}\0${n}`).digest('hex'),
      location: {
        path: p.file,
        lines: { begin: p.range.start.line + 1, end: p.range.end.line + 1 },
      },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
