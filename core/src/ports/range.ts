import type { PortRange } from './types';

/**
 * go-connections v0.7 `parsePortNumber`: `strconv.ParseInt(s, 10, 0)`, so an optional sign and leading
 * zeros are accepted; the value must lie in 0..65535.
 */
function natPortNumber(s: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const n = Number(s);
  return n >= 0 && n <= 65535 ? n : null;
}

/**
 * go-connections v0.7 `parsePortRange`: cut at the first `-`; identical start and end text is one port.
 * Returns null where Go returns an error (ParsePortSpec discards the reason anyway).
 */
export function parseNatPortRange(s: string): PortRange | null {
  if (s === '') return null;
  const dash = s.indexOf('-');
  const startText = dash < 0 ? s : s.slice(0, dash);
  const start = natPortNumber(startText);
  if (start === null) return null;
  if (dash < 0) return { start, end: start };
  const endText = s.slice(dash + 1);
  if (endText === startText) return { start, end: start };
  const end = natPortNumber(endText);
  if (end === null || end < start) return null;
  return { start, end };
}

/** moby `parsePortNumber`: `strconv.ParseUint(s, 10, 16)`: digits only, 0..65535, Go's reason on error. */
function mobyPortNumber(s: string): { value: number } | { error: string } {
  if (s === '') return { error: 'value is empty' };
  if (!/^[0-9]+$/.test(s)) return { error: 'invalid syntax' };
  const n = Number(s);
  return n <= 65535 ? { value: n } : { error: 'value out of range' };
}

/**
 * moby `network.ParsePortRange` without the protocol part, with its error texts. Used for `expose` and for
 * the engine's check of a long-syntax `published` value. `whole` is the text quoted by `invalid port range`.
 */
export function parseMobyPortRange(s: string, whole = s): { value: PortRange } | { error: string } {
  const dash = s.indexOf('-');
  const startText = dash < 0 ? s : s.slice(0, dash);
  const start = mobyPortNumber(startText);
  if ('error' in start) return { error: `invalid start port '${startText}': ${start.error}` };
  const endText = dash < 0 ? startText : s.slice(dash + 1);
  if (endText === startText) return { value: { start: start.value, end: start.value } };
  const end = mobyPortNumber(endText);
  if ('error' in end) return { error: `invalid end port '${endText}': ${end.error}` };
  if (end.value < start.value) return { error: `invalid port range: ${whole}` };
  return { value: { start: start.value, end: end.value } };
}

export function rangeSize(r: PortRange): number {
  return r.end - r.start + 1;
}

export function formatRange(r: PortRange): string {
  return r.start === r.end ? String(r.start) : `${r.start}-${r.end}`;
}
