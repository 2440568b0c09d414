import type { Rule } from '../../rule';
import { isMap } from '../../../yaml/tree';
import { networkDefinitions } from '../files';
import { additional, KEY_PATTERN, NETWORK_KEYS, SERVICE_NETWORK_KEYS, unknownKeys } from './schema';

/** A top-level network definition has a key the schema does not allow (often `subnet:` outside `ipam`). */
export const NET001: Rule = {
  id: 'NET001',
  title: 'Unknown property in a network definition',
  scope: 'networks',
  run({ project, report }) {
    for (const { file, entry } of networkDefinitions(project)) {
      // A key outside the pattern escapes validation altogether (NET003).
      if (!KEY_PATTERN.test(entry.key) || !isMap(entry.value)) continue;
      for (const bad of unknownKeys(entry.value.entries, NETWORK_KEYS)) {
        report({
          code: 'NET001',
          severity: 'error',
          message: additional(file, `networks.${entry.key}`, bad.key) + hint(bad.key),
          at: bad.keySpan,
        });
      }
    }
  },
};

function hint(key: string): string {
  if (['subnet', 'gateway', 'ip_range', 'aux_addresses'].includes(key)) {
    return `; move ${key} under ipam.config (ipam: {config: [{${key}: …}]})`;
  }
  if (SERVICE_NETWORK_KEYS.has(key))
    return `; ${key} belongs under a service: services.<name>.networks.<network>.${key}`;
  return '';
}
