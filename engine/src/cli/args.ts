/** A small flag parser with Docker's conventions: `--flag v`, `--flag=v`, short aliases, repeated flags, `--`. */
export interface FlagSpec {
  values?: string[];
  bools?: string[];
  alias?: Record<string, string>;
}

export interface Parsed {
  positional: string[];
  values: Map<string, string[]>;
  bools: Set<string>;
  rest: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: FlagSpec): Parsed {
  const out: Parsed = { positional: [], values: new Map(), bools: new Set(), rest: [] };
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
      continue;
    }
    if (!spec.values?.includes(name)) throw new UsageError(`unknown flag: ${raw}`);
    const value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`flag needs an argument: ${name}`);
    out.values.set(name, [...(out.values.get(name) ?? []), value]);
  }
  return out;
}

export const one = (p: Parsed, flag: string): string | undefined => p.values.get(flag)?.at(-1);
export const many = (p: Parsed, flag: string): string[] => p.values.get(flag) ?? [];

/** `k=v` pairs of `--label`, `-o`, `--aux-address`. */
export function keyValues(items: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid ${flag} "${item}": use key=value`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export function need(p: Parsed, n: number, usage: string): string[] {
  if (p.positional.length < n)
    throw new UsageError(
      `"${usage.split(' ').slice(0, 3).join(' ')}" requires ${n} argument(s).\nUsage: ${usage}`,
    );
  return p.positional;
}
