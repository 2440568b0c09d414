import type { Problem } from './problems';

/** `--format json`: an array of {file, range, severity, code, message}, 0-based lines and characters. */
export function formatJson(problems: Problem[]): string {
  const out = problems.map((p) => ({
    file: p.file,
    range: p.range,
    severity: p.severity,
    code: p.code,
    message: p.message,
    ...(p.related.length > 0 ? { related: p.related } : {}),
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}
