import { z } from 'zod';

/**
 * What a rule can be set to: off, or a severity. `info`/`warn` are accepted as ESLint's words; `default`
 * restores the rule's own severity, `upgrade`/`downgrade` move it one step (hint < information < warning <
 * error), as in ESLint's `eslint.rules.customizations`.
 */
export const RuleLevelSchema = z.enum([
  'off',
  'hint',
  'information',
  'info',
  'warning',
  'warn',
  'error',
  'default',
  'upgrade',
  'downgrade',
]);
export type RuleLevel = z.infer<typeof RuleLevelSchema>;

/**
 * One entry of the `switchyard.rules` setting, shaped like ESLint's `eslint.rules.customizations`: `rule` is an
 * id (`NET101`), a glob (`NET1*`, `K8S*`) or a negated glob (`!NET0*`); the last entry that matches wins.
 */
export const RuleCustomizationSchema = z.object({ rule: z.string().min(1), severity: RuleLevelSchema });
export type RuleCustomization = z.infer<typeof RuleCustomizationSchema>;

/** The server's settings: sent as `initializationOptions` and in `workspace/didChangeConfiguration`. */
export const ServerSettingsSchema = z.object({ rules: z.unknown().optional() });
export type ServerSettings = z.infer<typeof ServerSettingsSchema>;
