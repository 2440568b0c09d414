/**
 * The one command-line flag parser, for both CLIs (`switchyard-engine`, `switchyard lint`), with Docker's
 * conventions: `--flag v`, `--flag=v`, short aliases (`-f`), repeated flags, `--` ending the flags, `-`
 * as a positional (stdin). Pure: argv in, a parse out; a mistake is a `UsageError` the CLI prints.
 */
export interface FlagSpec {
  /** Flags that take a value (long names). */
  values?: readonly string[];
  /** Flags that take none; `--flag=false` turns one off again. */
  bools?: readonly string[];
  /** Other spellings: `{ '-f': '--file' }`. */
  alias?: Readonly<Record<string, string>>;
}

export interface ParsedFlags {
  positional: string[];
  values: Map<string, string[]>;
  bools: Set<string>;
  /** Everything after `--`. */
  rest: string[];
  /** Every flag in the order given (long names), for flags where the last of several wins. */
  order: { flag: string; value?: string }[];
}

export class UsageError extends Error {
  constructor(
    message: string,
    /** What went wrong, so a CLI can word it its own way: an unknown flag, or a value missing. */
    readonly kind: 'unknown' | 'missing' | 'other' = 'other',
    /** The flag as written (unknown) or its long name (missing). */
    readonly flag?: string,
  ) {
    super(message);
  }
}

export function parseFlags(argv: readonly string[], spec: FlagSpec): ParsedFlags {
  const out: ParsedFlags = { positional: [], values: new Map(), bools: new Set(), rest: [], order: [] };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    if (raw === '--') {
      out.rest = argv.slice(i + 1);
      break;
    }
    if (!raw.startsWith('-') || raw === '-') {
      out.positional.push(raw);
      continue;
    }
    const eq = raw.indexOf('=');
    let name = eq > 0 ? raw.slice(0, eq) : raw;
    name = spec.alias?.[name] ?? name;
    if (spec.bools?.includes(name)) {
      if (eq > 0 && raw.slice(eq + 1) === 'false') out.bools.delete(name);
      else out.bools.add(name);
      out.order.push(eq > 0 ? { flag: name, value: raw.slice(eq + 1) } : { flag: name });
      continue;
    }
    if (!spec.values?.includes(name)) throw new UsageError(`unknown flag: ${raw}`, 'unknown', raw);
    const value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`flag needs an argument: ${name}`, 'missing', name);
    out.values.set(name, [...(out.values.get(name) ?? []), value]);
    out.order.push({ flag: name, value });
  }
  return out;
}

/** The last value of a repeatable flag (Docker: the last one wins). */
export const lastValue = (p: ParsedFlags, flag: string): string | undefined => p.values.get(flag)?.at(-1);
/** Every value of a repeatable flag, in order. */
export const allValues = (p: ParsedFlags, flag: string): string[] => p.values.get(flag) ?? [];

/** `k=v` pairs of `--label`, `-o`, `--aux-address`. */
export function keyValues(items: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid ${flag} "${item}": use key=value`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
