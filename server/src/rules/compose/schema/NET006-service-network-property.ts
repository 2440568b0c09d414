import type { Rule } from '../../rule';
import { isMap, isScalar, isSeq } from '../../../yaml/tree';
import type { PNode, Span } from '../../../yaml/tree';
import { serviceNetworkBlocks } from '../files';
import { additional, KEY_PATTERN, SERVICE_NETWORK_KEYS, unknownKeys, validating } from './schema';

/** A service's `networks` map: keys follow the name pattern, each entry is null or a known-key mapping. */
export const NET006: Rule = {
  id: 'NET006',
  title: 'Unknown property in a service network entry',
  scope: 'service',
  run({ project, report }) {
    for (const { file, service, entry } of serviceNetworkBlocks(project)) {
      const path = `services.${service}.networks`;
      const err = (at: typeof entry.keySpan, message: string): void =>
        report({ code: 'NET006', severity: 'error', message, at });
      if (isSeq(entry.value)) {
        listItems(entry.value.items, file, path, err);
        continue;
      }
      if (!isMap(entry.value)) continue;
      for (const net of entry.value.entries) {
        if (!KEY_PATTERN.test(net.key)) {
          err(net.keySpan, additional(file, path, net.key));
          continue;
        }
        const v = net.value;
        if (!v || (isScalar(v) && v.value === null)) continue;
        if (!isMap(v)) {
          err(v.span, validating(file, `${path}.${net.key}`, 'must be a mapping or null'));
          continue;
        }
        for (const bad of unknownKeys(v.entries, SERVICE_NETWORK_KEYS)) {
          err(bad.keySpan, additional(file, `${path}.${net.key}`, bad.key) + suggestion(bad.key));
        }
      }
    }
  },
};

/**
 * The list form takes names only. `- front:` with settings under it is the usual slip: the settings need the
 * map form, without the dash.
 */
function listItems(
  items: PNode[],
  file: string,
  path: string,
  err: (at: Span, message: string) => void,
): void {
  items.forEach((item, i) => {
    if (isScalar(item) && typeof item.value === 'string') return;
    const first = isMap(item) ? item.entries[0] : undefined;
    const hint = first
      ? `; to give ${first.key} settings, write "${first.key}:" under networks without the "-" (map form)`
      : '; list network names only';
    err(first?.keySpan ?? item.span, validating(file, `${path}.${i}`, 'must be a string') + hint);
  });
}

function suggestion(key: string): string {
  if (/^(ip|ipv4|ipv4addr|ip_address|ipaddress)$/i.test(key)) return '; the key is ipv4_address';
  if (/^(ipv6|ipv6addr)$/i.test(key)) return '; the key is ipv6_address';
  if (/^alias$/i.test(key)) return '; the key is aliases (a list)';
  return '';
}
