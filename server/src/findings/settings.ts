import { RuleCustomizationSchema } from '@switchyard/protocol';
import { LEVEL_WORDS, parseLevel, unknownRule } from './levels';
import type { RuleSetting } from './levels';

/**
 * The editor's `switchyard.rules` setting, shaped like ESLint's `eslint.rules.customizations`:
 * `[{ "rule": "NET101", "severity": "off" }, { "rule": "K8S*", "severity": "information" }]`. Each bad entry
 * is skipped and named in `problems`; the good ones still apply.
 */
export function readRuleCustomizations(raw: unknown): { settings: RuleSetting[]; problems: string[] } {
  const settings: RuleSetting[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings, problems };
  if (!Array.isArray(raw)) {
    return {
      settings,
      problems: ['switchyard.rules must be a list of { "rule": ID or glob, "severity": LEVEL }'],
    };
  }
  raw.forEach((entry, i) => {
    const shape = RuleCustomizationSchema.safeParse(
      entry !== null && typeof entry === 'object'
        ? {
            ...entry,
            severity:
              parseLevel((entry as { severity?: unknown }).severity) ??
              (entry as { severity?: unknown }).severity,
          }
        : entry,
    );
    if (!shape.success) {
      problems.push(
        `switchyard.rules[${i}] must be { "rule": ID or glob, "severity": one of ${LEVEL_WORDS} } (got ${JSON.stringify(entry)})`,
      );
      return;
    }
    const why = unknownRule(shape.data.rule);
    if (why !== undefined) problems.push(`switchyard.rules[${i}]: ${why}`);
    else settings.push({ rule: shape.data.rule, level: shape.data.severity });
  });
  return { settings, problems };
}
