// The flag parser is core's (core/src/flags.ts: parseFlags, lastValue, allValues, keyValues, UsageError),
// shared with `switchyard lint`. What is the engine CLI's own: the usage text when arguments are missing.
import { UsageError } from '@switchyard/core';
import type { ParsedFlags } from '@switchyard/core';

export function need(p: ParsedFlags, n: number, usage: string): string[] {
  if (p.positional.length < n)
    throw new UsageError(
      `"${usage.split(' ').slice(0, 3).join(' ')}" requires ${n} argument(s).\nUsage: ${usage}`,
    );
  return p.positional;
}
