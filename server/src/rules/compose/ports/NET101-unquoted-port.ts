import type { Rule } from '../../rule';
import { portModel } from './port-model';

/**
 * An unquoted `HOST:CONTAINER` item that YAML 1.1 reads as a base-60 number. compose-go (YAML 1.2) reads a
 * string, but YAML 1.1 tools (PyYAML, docker-compose v1, many CI linters) read `22:22` as 1342. That needs
 * every part after a colon to be 0-59 (YAML 1.1's sexagesimal int and float forms), so `8080:8080`,
 * `0.0.0.0:8080:8080`, `51820:51820/udp` and `${PORT:-8080}:80` are strings everywhere and are not reported.
 */
export const NET101: Rule = {
  id: 'NET101',
  title: 'Port mapping read as a base-60 number',
  scope: 'service',
  run({ project, report }) {
    for (const item of portModel(project).allItems) {
      const s = item.short?.scalar;
      // `!!str` makes a plain scalar a string in YAML 1.1 too; `!!int`/`!!float` keep the base-60 reading.
      if (!s || s.quoted || s.tag === STR_TAG || typeof s.value !== 'string') continue;
      const value = sexagesimal(s.source);
      if (value === undefined) continue;
      report({
        code: 'NET101',
        severity: 'warning',
        message: `port mapping ${s.source} is not quoted: YAML 1.1 tools read it as the base-60 number ${value}; write "${s.source}"`,
        at: s.span,
        fix: { kind: 'replace', title: 'Quote the port mapping', text: `"${s.source}"` },
      });
    }
  },
};

const STR_TAG = 'tag:yaml.org,2002:str';

// YAML 1.1's sexagesimal forms (yaml.org/type/int.html, float.html): the first part is any number, each
// part after a colon is 0-59; the float form ends in a fraction.
const INT60 = /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/;
const FLOAT60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/;

/** The number a YAML 1.1 reader makes of a plain scalar, or undefined when it stays a string. */
export function sexagesimal(text: string): number | undefined {
  if (!INT60.test(text) && !FLOAT60.test(text)) return undefined;
  const sign = text.startsWith('-') ? -1 : 1;
  const parts = text.replace(/^[-+]/, '').replace(/_/g, '').split(':');
  const value = parts.reduce((acc, p) => acc * 60 + Number(p), 0);
  return sign * value;
}
