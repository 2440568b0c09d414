// The flag parser is core's (core/src/flags.ts), shared with `switchyard lint`; these are the engine CLI's
// names for it and its usage check.
import { UsageError, allValues, lastValue, parseFlags } from '@switchyard/core';
import type { ParsedFlags } from '@switchyard/core';

export { UsageError, keyValues } from '@switchyard/core';
export type { FlagSpec, ParsedFlags as Parsed } from '@switchyard/core';

export const parseArgs = parseFlags;
export const one = lastValue;
export const many = allValues;

export function need(p: ParsedFlags, n: number, usage: string): string[] {
  if (p.positional.length < n)
    throw new UsageError(
      `"${usage.split(' ').slice(0, 3).join(' ')}" requires ${n} argument(s).\nUsage: ${usage}`,
    );
  return p.positional;
}
