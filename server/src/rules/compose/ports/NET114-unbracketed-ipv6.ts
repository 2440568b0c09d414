import type { Rule } from '../../rule';
import { splitPortSpec } from '@switchyard/core';
import { portModel } from './model';

/** A short mapping with an unbracketed IPv6 host IP: it parses, but only because the last two `:` split. */
export const NET114: Rule = {
  id: 'NET114',
  title: 'Unbracketed IPv6 host IP',
  scope: 'service',
  run({ project, report }) {
    for (const item of portModel(project).allItems) {
      if (!item.short || item.short.error || item.unknown || !hasIpWithColon(item.short.raw)) continue;
      const { ip, host, container } = splitPortSpec(item.short.raw);
      if (!ip.includes(':') || ip.startsWith('[')) continue;
      const better = `[${ip}]:${host}:${container}`;
      report({
        code: 'NET114',
        severity: 'information',
        message: `the IPv6 host address in ${item.short.raw} is not in brackets, which is hard to read; write "${better}"`,
        at: item.short.scalar.span,
        fix: { kind: 'replace', title: 'Put the IPv6 address in brackets', text: `"${better}"` },
      });
    }
  },
};

/** `splitPortSpec` puts a `:` in the IP only with four parts or more (three `:`); most items have one. */
function hasIpWithColon(raw: string): boolean {
  let colons = 0;
  for (let i = raw.indexOf(':'); i >= 0 && colons < 3; i = raw.indexOf(':', i + 1)) colons++;
  return colons >= 3;
}
