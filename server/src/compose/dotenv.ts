import { ExpansionBudget, substitute } from './template';
import type { Lookup } from './template';

/** A variable whose value went past an expansion limit (it is read as empty): which, where, why. */
export interface DotEnvLimit {
  name: string;
  /** 1-based line of the `.env` file. */
  line: number;
  message: string;
}

/**
 * Parses a `.env` file the way compose-go's `dotenv` package does for interpolation: `KEY=VALUE` lines,
 * optional `export `, `#` comments, single quotes literal, double quotes with escapes and `${VAR}`,
 * unquoted values trimmed with an inline ` #` comment removed and `${VAR}` expanded. A bare `KEY` takes the
 * value from the environment when it is set there. Later lines see earlier ones. Expansion spends from
 * `budget` (the load's); a value past a limit is empty and passed to `onLimit`.
 */
export function parseDotEnv(
  text: string,
  environment: Lookup,
  budget = new ExpansionBudget(),
  onLimit?: (limit: DotEnvLimit) => void,
): Map<string, string> {
  const vars = new Map<string, string>();
  const lookup: Lookup = (name) => vars.get(name) ?? environment(name);
  const src = text.replace(/\r\n?/g, '\n');
  let i = 0;
  while (i < src.length) {
    const eol = lineEnd(src, i);
    const line = src.slice(i, eol).trim();
    if (line === '' || line.startsWith('#')) {
      i = eol + 1;
      continue;
    }
    let j = src.indexOf(line, i);
    if (line.startsWith('export ')) j = src.indexOf(line.slice(7).trimStart(), j + 7);
    const eq = src.indexOf('=', j);
    if (eq < 0 || eq > eol) {
      const name = src.slice(j, eol).trim();
      const fromEnv = environment(name);
      if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && fromEnv !== undefined) vars.set(name, fromEnv);
      i = eol + 1;
      continue;
    }
    const key = src.slice(j, eq).trim();
    const valueStart = eq + 1;
    const parsed = readValue(src, valueStart, lookup, budget);
    if (key !== '') vars.set(key, parsed.value);
    if (parsed.limit !== undefined) onLimit?.({ name: key, line: lineOf(src, j), message: parsed.limit });
    i = parsed.next;
  }
  return vars;
}

function lineEnd(s: string, from: number): number {
  const n = s.indexOf('\n', from);
  return n < 0 ? s.length : n;
}

function lineOf(src: string, offset: number): number {
  let line = 1;
  for (let i = src.indexOf('\n'); i >= 0 && i < offset; i = src.indexOf('\n', i + 1)) line++;
  return line;
}

interface ReadValue {
  value: string;
  next: number;
  /** The message of a limit the expansion reached. */
  limit?: string;
}

function readValue(src: string, from: number, lookup: Lookup, budget: ExpansionBudget): ReadValue {
  let i = from;
  while (src[i] === ' ' || src[i] === '\t') i++;
  const quote = src[i];
  if (quote === "'" || quote === '"') {
    const close = findClose(src, i + 1, quote);
    if (close >= 0) {
      const inner = src.slice(i + 1, close);
      const next = lineEnd(src, close) + 1;
      return quote === "'" ? { value: inner, next } : expanded(unescape(inner), lookup, budget, next);
    }
  }
  const eol = lineEnd(src, i);
  let raw = src.slice(i, eol);
  const comment = raw.search(/\s#/);
  if (comment >= 0) raw = raw.slice(0, comment);
  return expanded(raw.trim(), lookup, budget, eol + 1);
}

function expanded(template: string, lookup: Lookup, budget: ExpansionBudget, next: number): ReadValue {
  const { value, error } = substitute(template, lookup, budget);
  return error?.kind === 'limit' ? { value, next, limit: error.message } : { value, next };
}

function findClose(src: string, from: number, quote: string): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\' && quote === '"') i++;
    else if (src[i] === quote) return i;
  }
  return -1;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$$' };

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (m, c: string) => ESCAPES[c] ?? m);
}
