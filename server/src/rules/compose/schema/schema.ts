import type { ComposeProject } from '../../../compose/project';
import type { PEntry, Span } from '../../../yaml/tree';

/**
 * Key sets of the compose-spec JSON schema (compose-go `schema/compose-spec.json`, 2025): each object here has
 * `additionalProperties: false` and allows `x-*` extensions.
 */
export const NETWORK_KEYS = new Set([
  'name',
  'driver',
  'driver_opts',
  'ipam',
  'external',
  'internal',
  'enable_ipv4',
  'enable_ipv6',
  'attachable',
  'labels',
]);
export const IPAM_KEYS = new Set(['driver', 'config', 'options']);
export const IPAM_CONFIG_KEYS = new Set(['subnet', 'ip_range', 'gateway', 'aux_addresses']);
export const EXTERNAL_KEYS = new Set(['name']);
export const SERVICE_NETWORK_KEYS = new Set([
  'aliases',
  'interface_name',
  'ipv4_address',
  'ipv6_address',
  'link_local_ips',
  'mac_address',
  'driver_opts',
  'priority',
  'gw_priority',
]);

/** The schema's key pattern for networks and services. */
export const KEY_PATTERN = /^[a-zA-Z0-9._-]+$/;

export function isExtension(key: string): boolean {
  return key.startsWith('x-');
}

/** compose-go's schema error: `validating <file>: <path> <message>`. */
export function validating(file: string, path: string, message: string): string {
  return `validating ${file}: ${path} ${message}`;
}

export function additional(file: string, path: string, key: string): string {
  return validating(file, path, `additional properties '${key}' not allowed`);
}

/** Entries of a map whose keys the schema does not allow. */
export function unknownKeys(entries: PEntry[], allowed: Set<string>): PEntry[] {
  return entries.filter((e) => !allowed.has(e.key) && !isExtension(e.key));
}

/** First characters of a plain YAML scalar that is not a string (number, .inf/.nan, bool, null, ~). */
const MAY_BE_NON_STRING = new Set([...'-+0123456789.tTfFnN~'].map((c) => c.charCodeAt(0)));

const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;

function firstNonSpace(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && /\s/.test(text.charAt(i))) i++;
  return i;
}

/**
 * True when the key, as written, is a YAML scalar that Go's YAML decoder does not read as a string (an int,
 * a float, a boolean or null). Such keys fail compose-go's `convertToStringKeysRecursive`.
 */
export function isNonStringKey(project: ComposeProject, keySpan: Span): boolean {
  const text = project.sources.get(keySpan.file)?.text;
  return text !== undefined && isNonStringKeyIn(text, keySpan);
}

/** `isNonStringKey` with the key's file text already at hand (a walk over one file's keys). */
export function isNonStringKeyIn(text: string, keySpan: Span): boolean {
  // Most keys are names (a letter first that starts no YAML keyword): they skip the slice and the patterns.
  const first = text.charCodeAt(keySpan.start);
  if (keySpan.start < keySpan.end && isLetter(first) && !MAY_BE_NON_STRING.has(first)) return false;
  if (!MAY_BE_NON_STRING.has(text.charCodeAt(firstNonSpace(text, keySpan.start, keySpan.end)))) return false;
  const raw = text.slice(keySpan.start, keySpan.end).trim();
  if (raw === '' || raw.startsWith('"') || raw.startsWith("'")) return false;
  return (
    /^[-+]?[0-9][0-9_]*$/.test(raw) ||
    /^0x[0-9a-fA-F_]+$/.test(raw) ||
    /^0o[0-7_]+$/.test(raw) ||
    /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(raw) ||
    /^[-+]?\.(inf|Inf|INF)$/.test(raw) ||
    /^\.(nan|NaN|NAN)$/.test(raw) ||
    /^(true|True|TRUE|false|False|FALSE)$/.test(raw) ||
    /^(null|Null|NULL|~)$/.test(raw)
  );
}
