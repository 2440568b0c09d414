import type { Rule, RuleContext } from '../../rule';
import { isMap, isScalar, isSeq } from '../../../yaml/tree';
import type { PEntry, PNode, Span } from '../../../yaml/tree';
import { networkDefinitions, spot } from '../files';
import { additional, IPAM_CONFIG_KEYS, IPAM_KEYS, KEY_PATTERN, unknownKeys, validating } from './schema';

/** `ipam`, its `config` items, `aux_addresses` and `options` follow the schema's shapes and key sets. */
export const NET002: Rule = {
  id: 'NET002',
  title: 'Unknown or mistyped property under ipam',
  scope: 'networks',
  run(ctx) {
    for (const { file, entry } of networkDefinitions(ctx.project)) {
      if (!KEY_PATTERN.test(entry.key) || !isMap(entry.value)) continue;
      const ipam = entry.value.entries.find((e) => e.key === 'ipam');
      if (!ipam?.value) continue;
      checkIpam(ctx, file, `networks.${entry.key}.ipam`, ipam);
    }
  },
};

function checkIpam(ctx: RuleContext, file: string, path: string, ipamEntry: PEntry): void {
  const err = (at: Span, message: string): void =>
    ctx.report({ code: 'NET002', severity: 'error', message, at });
  const at = (e: PEntry): Span => (e.value ? spot(ctx.project, e.value, e.keySpan) : e.keySpan);
  const ipam = ipamEntry.value;
  if (!ipam) return;
  if (!isMap(ipam)) return err(at(ipamEntry), validating(file, path, 'must be a mapping'));
  for (const bad of unknownKeys(ipam.entries, IPAM_KEYS)) err(bad.keySpan, additional(file, path, bad.key));
  for (const e of ipam.entries) {
    if (e.key === 'options' && e.value) stringValues(err, file, `${path}.options`, e.value, at(e));
    if (e.key !== 'config' || !e.value) continue;
    if (!isSeq(e.value)) {
      err(at(e), validating(file, `${path}.config`, 'must be a list'));
      continue;
    }
    e.value.items.forEach((item, i) => checkConfig(err, file, `${path}.config.${i}`, item, at));
  }
}

type Err = (at: Span, message: string) => void;

function checkConfig(err: Err, file: string, path: string, item: PNode, at: (e: PEntry) => Span): void {
  // A block list inside a list item has no key to mark: its first line is close enough.
  if (!isMap(item)) return err(item.span, validating(file, path, 'must be a mapping'));
  for (const bad of unknownKeys(item.entries, IPAM_CONFIG_KEYS)) {
    err(bad.keySpan, additional(file, path, bad.key) + (bad.key === 'range' ? '; the key is ip_range' : ''));
  }
  for (const e of item.entries) {
    if (e.key === 'aux_addresses' && e.value)
      stringValues(err, file, `${path}.aux_addresses`, e.value, at(e));
  }
}

/** A map of name → string (aux_addresses, ipam options): anything else is a schema error. */
function stringValues(err: Err, file: string, path: string, node: PNode, where: Span): void {
  if (!isMap(node)) return err(where, validating(file, path, 'must be a mapping'));
  for (const e of node.entries) {
    const v = e.value;
    if (isScalar(v) && typeof v.value === 'string') continue;
    err(isScalar(v) ? v.span : e.keySpan, validating(file, `${path}.${e.key}`, 'must be a string'));
  }
}
