import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '@switchyard/protocol';
import { ruleHref, REPOSITORY_URL } from '../docs/links';
import { ruleDoc } from '../docs/rule-docs';
import { knownCodes } from '../findings/catalog';
import type { Problem, Range } from './problems';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** What SARIF says about a rule: its title, what it checks, its page and its default level. */
export interface RuleInfo {
  id: string;
  title: string;
  description?: string;
  helpUri?: string;
  severity?: Severity;
}

/** Every known code with its generated documentation (docs/rules). */
export function sarifRules(): RuleInfo[] {
  return [...knownCodes().values()].map((c) => {
    const doc = ruleDoc(c.id);
    const helpUri = ruleHref(c.id);
    return {
      id: c.id,
      title: c.title,
      ...(doc ? { description: doc.description, severity: doc.severity } : {}),
      ...(helpUri ? { helpUri } : {}),
    };
  });
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

function uriOf(file: string): string {
  // Files under the working directory stay relative (SARIF viewers resolve them against the checkout).
  return isAbsolute(file) ? pathToFileURL(file).href : encodeURI(file);
}

function location(file: string, r: Range): Record<string, unknown> {
  return { physicalLocation: { artifactLocation: { uri: uriOf(file) }, region: region(r) } };
}

/** A quick fix as a SARIF fix: per file, the regions replaced and the text put there. */
function fixes(p: Problem): Record<string, unknown> {
  if (p.fix === undefined) return {};
  const files = [...new Set(p.fix.edits.map((e) => e.file))];
  return {
    fixes: [
      {
        description: { text: p.fix.title },
        artifactChanges: files.map((file) => ({
          artifactLocation: { uri: uriOf(file) },
          replacements: p.fix?.edits
            .filter((e) => e.file === file)
            .map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.text } })),
        })),
      },
    ],
  };
}

/** `--format sarif`: SARIF 2.1.0 with one run, the rules that exist and one result per finding. */
export function formatSarif(problems: Problem[], rules: RuleInfo[], version: string): string {
  const known = new Map(rules.map((r) => [r.id, r]));
  for (const p of problems) if (!known.has(p.code)) known.set(p.code, { id: p.code, title: p.code });
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
            informationUri: REPOSITORY_URL,
            rules: [...known.values()].map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.title },
              ...(r.description ? { fullDescription: { text: r.description } } : {}),
              ...(r.helpUri ? { helpUri: r.helpUri } : {}),
              ...(r.severity ? { defaultConfiguration: { level: LEVEL[r.severity] } } : {}),
            })),
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
          ...fixes(p),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
