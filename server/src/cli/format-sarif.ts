import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '@switchyard/protocol';
import type { Problem, Range } from './problems';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

export interface RuleInfo {
  id: string;
  title: string;
}

/** SARIF regions are 1-based; columns count UTF-16 code units, SARIF's default like LSP's. */
function region(r: Range): Record<string, number> {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

function location(file: string, r: Range): Record<string, unknown> {
  // Files under the working directory stay relative (SARIF viewers resolve them against the checkout).
  const uri = isAbsolute(file) ? pathToFileURL(file).href : encodeURI(file);
  return { physicalLocation: { artifactLocation: { uri }, region: region(r) } };
}

/** `--format sarif`: SARIF 2.1.0 with one run, the rules that exist and one result per finding. */
export function formatSarif(problems: Problem[], rules: RuleInfo[], version: string): string {
  const known = new Map(rules.map((r) => [r.id, r.title]));
  for (const p of problems) if (!known.has(p.code)) known.set(p.code, p.code);
  const ids = [...known.keys()];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'switchyard',
            version,
            informationUri: 'https://github.com/switchyard/switchyard',
            rules: ids.map((id) => ({ id, name: id, shortDescription: { text: known.get(id) ?? id } })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: problems.map((p) => ({
          ruleId: p.code,
          ruleIndex: ids.indexOf(p.code),
          level: LEVEL[p.severity],
          message: { text: p.message },
          locations: [location(p.file, p.range)],
          ...(p.related.length > 0
            ? {
                relatedLocations: p.related.map((r, i) => ({
                  id: i,
                  ...location(r.file, r.range),
                  message: { text: r.message },
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
