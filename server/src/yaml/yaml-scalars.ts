import type { ScalarValue } from './tree';

/** Scalar values for fastyaml.ts (YAML 1.2 core schema, as the `yaml` package resolves them). */

/** Folded block scalar lines (none more indented): single breaks become spaces, blank lines breaks. */
export function fold(lines: string[]): string {
  let out = '';
  let pendingBreaks = 0;
  let started = false;
  for (const line of lines) {
    if (line === '') {
      pendingBreaks++;
      continue;
    }
    if (started) out += pendingBreaks > 0 ? '\n'.repeat(pendingBreaks) : ' ';
    out += line;
    started = true;
    pendingBreaks = 0;
  }
  return out;
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** The value of a double-quoted scalar's text; undefined for an escape YAML does not define. */
export function unescapeDouble(s: string): string | undefined {
  if (!s.includes('\\')) return s;
  let bad = false;
  const out = s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (m, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    const c = DOUBLE_ESCAPES[e];
    if (c === undefined) bad = true;
    return c ?? m;
  });
  return bad ? undefined : out;
}

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The `yaml` package's core schema (YAML 1.2) for plain scalars, in its order of precedence. */
export function resolvePlain(s: string): ScalarValue {
  const c = s.charCodeAt(0);
  // Fast path: most compose values start with a letter that no typed scalar starts with.
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (letter && !'nNtTfF'.includes(s[0] ?? '')) return s;
  if (NULL_RE.test(s)) return null;
  if (BOOL_RE.test(s)) return c === 116 || c === 84;
  if (letter) return s;
  if (OCT_RE.test(s)) return parseInt(s.substring(2), 8);
  if (INT_RE.test(s)) return parseInt(s, 10);
  if (HEX_RE.test(s)) return parseInt(s.substring(2), 16);
  if (NAN_RE.test(s)) {
    if (s.slice(-3).toLowerCase() === 'nan') return NaN;
    return s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s);
  return s;
}

export function lineStarts(text: string): number[] {
  const out = [0];
  let i = text.indexOf('\n');
  while (i >= 0) {
    out.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return out;
}
