/**
 * `${VAR}` substitution with compose-go's semantics (`template/template.go`): `$$`, `$VAR`, `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, nested
 * templates inside the default. Unlike compose-go it does not stop at the first problem: it reports where
 * each variable and each error sits in the template, so the editor can underline the exact `${...}`.
 */

/** The value of a variable, undefined when it is not set (an empty string is set). */
export type Lookup = (name: string) => string | undefined;

export interface VarUse {
  name: string;
  /** Offsets of the whole `$VAR` / `${...}` expression in the template. */
  start: number;
  end: number;
  /** Not set and no default applied: compose-go substitutes "" and warns. */
  unset: boolean;
}

export interface TemplateError {
  kind: 'required' | 'invalid';
  message: string;
  start: number;
  end: number;
}

export interface Substitution {
  value: string;
  vars: VarUse[];
  /** The first error; compose-go refuses the whole file on it. */
  error?: TemplateError;
}

const NAME = /[_a-zA-Z][_a-zA-Z0-9]*/y;

export function substitute(template: string, lookup: Lookup): Substitution {
  const out: Substitution = { value: '', vars: [] };
  out.value = expand(template, 0, lookup, out);
  return out;
}

function fail(out: Substitution, error: TemplateError): string {
  out.error ??= error;
  return '';
}

function expand(t: string, base: number, lookup: Lookup, out: Substitution): string {
  let result = '';
  let i = 0;
  while (i < t.length) {
    const d = t.indexOf('$', i);
    if (d < 0) return result + t.slice(i);
    result += t.slice(i, d);
    const next = t.charCodeAt(d + 1);
    if (next === 36 /* $ */) {
      result += '$';
      i = d + 2;
    } else if (next === 123 /* { */) {
      const close = closingBrace(t, d);
      const end = close < 0 ? t.length : close + 1;
      result += close < 0 ? invalid(out, base + d, base + end) : braced(t, d, close, base, lookup, out);
      i = end;
    } else {
      NAME.lastIndex = d + 1;
      const m = NAME.exec(t);
      if (m === null) {
        result += invalid(out, base + d, base + d + 1);
        i = d + 1;
        continue;
      }
      result += plain(m[0], base + d, base + d + 1 + m[0].length, lookup, out);
      i = d + 1 + m[0].length;
    }
  }
  return result;
}

function invalid(out: Substitution, start: number, end: number): string {
  return fail(out, { kind: 'invalid', message: '', start, end });
}

function plain(name: string, start: number, end: number, lookup: Lookup, out: Substitution): string {
  const value = lookup(name);
  out.vars.push({ name, start, end, unset: value === undefined });
  return value ?? '';
}

/** The `}` that closes the `${` at `d`, counting nested `${`; -1 when there is none. */
function closingBrace(t: string, d: number): number {
  let open = 0;
  for (let i = d; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 125 /* } */) {
      open--;
      if (open === 0) return i;
    } else if (c === 36 /* $ */ && t.charCodeAt(i + 1) === 123) {
      open++;
      i++;
    }
  }
  return -1;
}

const OPERATORS = [':?', ':-', ':+', '?', '-', '+'];

function braced(
  t: string,
  d: number,
  close: number,
  base: number,
  lookup: Lookup,
  out: Substitution,
): string {
  const start = base + d;
  const end = base + close + 1;
  NAME.lastIndex = d + 2;
  const m = NAME.exec(t);
  if (m === null || NAME.lastIndex > close) return invalid(out, start, end);
  const name = m[0];
  const afterName = d + 2 + name.length;
  if (afterName === close) return plain(name, start, end, lookup, out);
  const op = OPERATORS.find((o) => t.startsWith(o, afterName));
  if (op === undefined) return invalid(out, start, end);
  const argStart = afterName + op.length;
  // compose-go expands the argument before it knows whether it is needed, so its variables count too.
  const arg = expand(t.slice(argStart, close), base + argStart, lookup, out);
  const value = lookup(name);
  const empty = value === undefined || value === '';
  switch (op) {
    case ':-':
    case '-': {
      const useDefault = op === ':-' ? empty : value === undefined;
      out.vars.push({ name, start, end, unset: false });
      return useDefault ? arg : (value ?? '');
    }
    case ':+':
    case '+': {
      const present = op === ':+' ? !empty : value !== undefined;
      out.vars.push({ name, start, end, unset: false });
      return present ? arg : (value ?? '');
    }
    default: {
      const missing = op === ':?' ? empty : value === undefined;
      out.vars.push({ name, start, end, unset: value === undefined });
      if (!missing) return value ?? '';
      const message = `required variable ${name} is missing a value${arg === '' ? '' : `: ${arg}`}`;
      return fail(out, { kind: 'required', message, start, end });
    }
  }
}
