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
  /** `limit`: an expansion budget was reached (the value is read as empty); compose-go has no such limit. */
  kind: 'required' | 'invalid' | 'limit';
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

/**
 * What one load may spend on interpolation (design rule 11): `${A:-${A:-…` nests at most `maxDepth` deep,
 * one value expands to at most `maxBytes`, and variables add at most `totalBytes` to all the values of one
 * load (every file and `.env` it reads) together. Nested defaults and `.env` lines that double the one before would otherwise
 * overflow the stack or build strings of gigabytes from a few hundred bytes. A value past a limit is read as
 * empty, with a `limit` error saying which.
 */
export class ExpansionBudget {
  constructor(
    readonly maxDepth = 64,
    readonly maxBytes = 64 * 1024,
    readonly totalBytes = 16 * 1024 * 1024,
  ) {
    this.remaining = totalBytes;
  }
  remaining: number;
  /** The total was reported once; later values past it are emptied silently. */
  spentReported = false;
}

const NAME = /[_a-zA-Z][_a-zA-Z0-9]*/y;

export function substitute(template: string, lookup: Lookup, budget = new ExpansionBudget()): Substitution {
  const out: Substitution = { value: '', vars: [] };
  const value = expand(template, 0, lookup, out, new Expansion(budget));
  out.value = value ?? '';
  // Only what variables add counts: the written text is bounded by the file's size already.
  const grown = (value?.length ?? 0) - template.length;
  if (grown <= 0) return out;
  budget.remaining -= grown;
  if (budget.remaining >= 0) return out;
  out.value = '';
  if (budget.spentReported) return out;
  budget.spentReported = true;
  fail(out, {
    kind: 'limit',
    message:
      `interpolation adds more than ${bytes(budget.totalBytes)} bytes to this project's values in ` +
      `total; this value and the ones after it are read as empty`,
    start: 0,
    end: template.length,
  });
  return out;
}

/** One substitution's walk: the budget and how deep it is inside `${...:-...}`. */
class Expansion {
  depth = 0;
  constructor(readonly budget: ExpansionBudget) {}
}

function bytes(n: number): string {
  return Math.max(n, 0).toLocaleString('en-US');
}

/** At most this much of a template is quoted in a limit message. */
const QUOTE = 40;

function quoted(t: string): string {
  return t.length <= QUOTE ? t : `${t.slice(0, QUOTE)}…`;
}

function fail(out: Substitution, error: TemplateError): string {
  out.error ??= error;
  return '';
}

/** The expansion of `t`, or undefined once a limit was reached (the error is in `out`). */
function expand(
  t: string,
  base: number,
  lookup: Lookup,
  out: Substitution,
  x: Expansion,
): string | undefined {
  let result = '';
  let i = 0;
  while (i < t.length) {
    if (result.length > x.budget.maxBytes) return tooLong(t, base, out, x);
    const d = t.indexOf('$', i);
    if (d < 0) {
      result += t.slice(i);
      break;
    }
    result += t.slice(i, d);
    const next = t.charCodeAt(d + 1);
    if (next === 36 /* $ */) {
      result += '$';
      i = d + 2;
    } else if (next === 123 /* { */) {
      const close = closingBrace(t, d);
      const end = close < 0 ? t.length : close + 1;
      const piece =
        close < 0 ? invalid(out, base + d, base + end) : braced(t, d, close, base, lookup, out, x);
      if (piece === undefined) return undefined;
      result += piece;
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
  return result.length > x.budget.maxBytes ? tooLong(t, base, out, x) : result;
}

function tooLong(t: string, base: number, out: Substitution, x: Expansion): undefined {
  fail(out, {
    kind: 'limit',
    message:
      `"${quoted(t)}" expands to more than ${bytes(x.budget.maxBytes)} bytes; ` +
      `the value is read as empty (shorten the variables it uses)`,
    start: base,
    end: base + t.length,
  });
  return undefined;
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
  x: Expansion,
): string | undefined {
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
  if (x.depth >= x.budget.maxDepth) {
    fail(out, {
      kind: 'limit',
      message: `interpolation nested deeper than ${x.budget.maxDepth} levels; the value is read as empty`,
      start,
      end,
    });
    return undefined;
  }
  // compose-go expands the argument before it knows whether it is needed, so its variables count too.
  x.depth++;
  const arg = expand(t.slice(argStart, close), base + argStart, lookup, out, x);
  x.depth--;
  if (arg === undefined) return undefined;
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
