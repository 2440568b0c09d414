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

const patterns = new Map<string, RegExp>();

/** Whether `rule` (id, glob, or `!`-negated) applies to `code`. Ids are matched without regard to case. */
export function matches(rule: string, code: string): boolean {
  const negated = rule.startsWith('!');
  const body = negated ? rule.slice(1) : rule;
  let re = patterns.get(body);
  if (re === undefined) {
    const src = body
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${src}$`, 'i');
    // Patterns come from configuration and comments: keep a bounded number compiled.
    if (patterns.size > 1000) patterns.clear();
    patterns.set(body, re);
  }
  return re.test(code) !== negated;
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
