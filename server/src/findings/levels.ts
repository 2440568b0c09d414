import { RuleLevelSchema } from '@switchyard/protocol';
import type { RuleLevel, Severity } from '@switchyard/protocol';
import { knownCodes } from './catalog';

/** One layer's word on a set of rules. `from` names the layer for messages (`.switchyard.yaml`, `--rule`). */
export interface RuleSetting {
  /** An id, a glob with `*`, or either negated with a leading `!` (matches every other id). */
  rule: string;
  level: RuleLevel;
}

/** The settings of every layer, lowest first: the last setting that matches a finding's code decides. */
export type RuleConfig = readonly RuleSetting[];

const STEPS: Severity[] = ['hint', 'information', 'warning', 'error'];

/** The severity a finding gets, or 'off'. */
export function levelFor(config: RuleConfig, code: string, own: Severity): Severity | 'off' {
  let out: Severity | 'off' = own;
  for (const s of config) {
    if (!matches(s.rule, code)) continue;
    out = apply(s.level, own, out);
  }
  return out;
}

function apply(level: RuleLevel, own: Severity, now: Severity | 'off'): Severity | 'off' {
  switch (level) {
    case 'off':
      return 'off';
    case 'default':
      return own;
    case 'info':
      return 'information';
    case 'warn':
      return 'warning';
    case 'upgrade':
    case 'downgrade': {
      const base = now === 'off' ? own : now;
      const i = STEPS.indexOf(base) + (level === 'upgrade' ? 1 : -1);
      return STEPS[Math.max(0, Math.min(STEPS.length - 1, i))] ?? base;
    }
    default:
      return level;
  }
}

/**
 * Whether `rule` (id, glob, or `!`-negated) applies to `code`. Ids are matched without regard to case. No
 * regular expression: patterns come from repositories (`.switchyard.yaml`, ignore comments), and a glob such
 * as `*****…*Q` made one backtrack for ever. This walk is at most pattern length × code length.
 */
export function matches(rule: string, code: string): boolean {
  const negated = rule.startsWith('!');
  const body = (negated ? rule.slice(1) : rule).toUpperCase();
  return globMatch(body, code.toUpperCase()) !== negated;
}

/** `*` matches any run of characters, everything else itself; the last `*` seen is where a mismatch retries. */
function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let retry = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      retry = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++retry;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Why a rule pattern names nothing, or undefined when it names at least one known code. */
export function unknownRule(rule: string): string | undefined {
  const body = rule.replace(/^!/, '');
  if (body.trim() === '') return 'an empty rule name';
  for (const id of knownCodes().keys()) if (matches(body, id)) return undefined;
  return body.includes('*')
    ? `"${rule}" matches no rule (\`switchyard explain\` lists the rules)`
    : `unknown rule "${body}" (\`switchyard explain\` lists the rules)`;
}

/** Parses a level word, ESLint's spellings too; undefined when it is none. */
export function parseLevel(word: unknown): RuleLevel | undefined {
  const r = RuleLevelSchema.safeParse(typeof word === 'string' ? word.trim().toLowerCase() : word);
  return r.success ? r.data : undefined;
}

export const LEVEL_WORDS =
  'off, hint, information (info), warning (warn), error, default, upgrade, downgrade';
