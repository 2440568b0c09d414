import type { Problem } from './problems';

const xml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters, even escaped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '?');

/**
 * `--format junit`: one test suite per file checked, one failing test case per error or warning (named
 * `line:column CODE`), and one passing case for a file without any, so CI test reports list every file.
 * Information and hints are not failures and are left out.
 */
export function formatJunit(problems: Problem[], files: string[]): string {
  const failing = problems.filter((p) => p.severity === 'error' || p.severity === 'warning');
  const byFile = new Map<string, Problem[]>(files.map((f) => [f, []]));
  for (const p of failing) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const suites = [...byFile].map(([file, list]) => {
    const cases =
      list.length === 0
        ? [`    <testcase name="switchyard lint" classname="${xml(file)}"/>`]
        : list.map((p) => {
            const where = `${p.range.start.line + 1}:${p.range.start.character + 1}`;
            const body = [`${file}:${where}: ${p.severity} ${p.code} ${p.message}`]
              .concat(p.related.map((r) => `  ${r.file}:${r.range.start.line + 1}: ${r.message}`))
              .join('\n');
            return (
              `    <testcase name="${xml(`${where} ${p.code}`)}" classname="${xml(file)}">\n` +
              `      <failure type="${p.severity}" message="${xml(p.message)}">${xml(body)}</failure>\n` +
              `    </testcase>`
            );
          });
    return (
      `  <testsuite name="${xml(file)}" tests="${Math.max(1, list.length)}" failures="${list.length}" errors="0">\n` +
      `${cases.join('\n')}\n  </testsuite>`
    );
  });
  const total = suites.length === 0 ? 0 : [...byFile.values()].reduce((n, l) => n + Math.max(1, l.length), 0);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="switchyard" tests="${total}" failures="${failing.length}" errors="0">\n` +
    `${suites.join('\n')}${suites.length > 0 ? '\n' : ''}</testsuites>\n`
  );
}
