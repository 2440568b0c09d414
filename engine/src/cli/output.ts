import { table } from './format';
import { Template, TemplateError, struct } from './template';
import { UsageError } from '@switchyard/core';

/**
 * `--format` as Docker's list commands take it: empty or `table` (the default columns), `table TEMPLATE`
 * (a header row, then one row per item, columns split on tabs and aligned), `json` (one JSON object per line)
 * or a TEMPLATE printed once per item. Parsed before the daemon is asked, so a bad template is a usage error.
 */
export class ListFormat<Row extends object> {
  private readonly template: Template | undefined;
  private readonly isTable: boolean;

  constructor(
    format: string | undefined,
    /** Every field of a row with its column title (`ID` → `NETWORK ID`), methods too (`Label` → `LABEL`). */
    private readonly columns: Readonly<Record<string, string>>,
    defaultTable: string,
    /** The fields that are methods taking arguments (`{{.Label "key"}}`). */
    private readonly methods: readonly string[] = [],
  ) {
    const f = format?.trim() ?? '';
    this.isTable = f === '' || f === 'table' || f.startsWith('table ');
    const source = f === '' || f === 'table' ? defaultTable : f.startsWith('table ') ? f.slice(6) : f;
    this.template = f === 'json' ? undefined : parseTemplate(source);
  }

  render(rows: Row[]): string {
    if (!this.template) return rows.map((r) => JSON.stringify(r)).join('\n');
    const template = this.template;
    const lines = rows.map((r) => template.render(struct({ ...r })));
    if (!this.isTable) return lines.join('\n');
    // The header is the template run over a row whose every field is its column title, as Docker does.
    const titles = Object.fromEntries(
      Object.entries(this.columns).map(([k, title]) => [k, this.methods.includes(k) ? () => title : title]),
    );
    const header = template.render(struct(titles));
    return table(
      header.split('\t'),
      lines.map((l) => l.split('\t')),
    );
  }
}

/** `inspect --format`: a template per object (JSON data: a missing key prints `<no value>`), or JSON. */
export function inspectFormat(format: string | undefined): (items: unknown[]) => string {
  const f = format?.trim() ?? '';
  if (f === '' || f === 'json') return (items) => JSON.stringify(items, null, 4);
  const t = parseTemplate(f);
  return (items) => items.map((i) => t.render(i)).join('\n');
}

function parseTemplate(source: string): Template {
  try {
    return Template.parse(source.replace(/\\t/g, '\t').replace(/\\n/g, '\n'));
  } catch (e) {
    if (e instanceof TemplateError) throw new UsageError(`--format: ${e.message}`);
    throw e;
  }
}
