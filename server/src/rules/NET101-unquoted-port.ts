import type { Rule } from './rule';
import { portModel } from './ports/model';

/**
 * An unquoted `HOST:CONTAINER` item. compose-go (YAML 1.2) reads a string, but YAML 1.1 tools read `22:22`
 * as the base-60 number 1342; the spec says ports should always be quoted strings.
 */
export const NET101: Rule = {
  id: 'NET101',
  title: 'Unquoted port mapping',
  scope: 'service',
  run({ project, report }) {
    for (const item of portModel(project).allItems) {
      const s = item.short?.scalar;
      if (!s || s.quoted || typeof s.value !== 'string' || !s.source.includes(':')) continue;
      report({
        code: 'NET101',
        severity: 'warning',
        message: `port mapping ${s.source} is not quoted: YAML 1.1 tools read HOST:CONTAINER numbers as base 60 (22:22 is 1342); write "${s.source}"`,
        at: s.span,
        fix: { kind: 'replace', title: 'Quote the port mapping', text: `"${s.source}"` },
      });
    }
  },
};
