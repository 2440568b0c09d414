// The extension's settings (`switchyard.*`, declared in package.json `contributes.configuration`) as one zod
// schema: every setting the code reads, its type and its default. No `vscode` import, so it is unit-tested
// (test/unit/client/settings/schema.test.ts also checks it against package.json, so the two cannot drift);
// settings.ts reads the values through VS Code's API.
import { z } from 'zod';

/** `switchyard.yamlFeatures`: `auto` decides by the extensions installed; `on` and `off` force it. */
export const YamlFeaturesSettingSchema = z.enum(['auto', 'on', 'off']);

/** The engine's name prefix (links, tables, namespaces): a lower-case letter, then up to five more. */
const EnginePrefixSchema = z.string().regex(/^[a-z][a-z0-9]{0,5}$/);

/** Each setting by its key under `switchyard.`, with the default package.json declares. */
export const SETTINGS = {
  connectLocalhost: { schema: z.boolean(), default: true },
  'docker.socket': { schema: z.string().min(1), default: '/var/run/docker.sock' },
  hosts: { schema: z.array(z.string()), default: [] },
  'trace.server': { schema: z.enum(['off', 'messages', 'verbose']), default: 'off' },
  'engine.socket': { schema: z.string().min(1), default: '/run/switchyard/engine.sock' },
  'engine.stateDir': { schema: z.string().min(1), default: '/var/lib/switchyard' },
  'engine.logFile': { schema: z.string().min(1), default: '/var/log/switchyard-engine.log' },
  'engine.installDir': { schema: z.string().min(1), default: '/var/lib/switchyard/bin' },
  'engine.prefix': { schema: EnginePrefixSchema, default: 'sy' },
  // Per host (by its label in the tree): where that host's engine lives, over the global values above.
  'engine.hosts': {
    schema: z.record(
      z.string(),
      z
        .object({
          socket: z.string().min(1),
          stateDir: z.string().min(1),
          logFile: z.string().min(1),
          installDir: z.string().min(1),
          prefix: EnginePrefixSchema,
        })
        .partial()
        .strict(),
    ),
    default: {},
  },
  // Passed to the server as written: it checks each entry (server/src/findings/settings.ts), keeps the good
  // ones and names each bad one, which a whole-value check here would throw away.
  rules: { schema: z.unknown(), default: [] },
  yamlFeatures: { schema: YamlFeaturesSettingSchema, default: 'auto' },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]['schema']>;

/** A setting whose value does not fit its schema: which, what was wrong, and that the default is used. */
export interface SettingProblem {
  key: string;
  message: string;
}

/**
 * The value of one setting from what VS Code returned (`undefined` when unset): the value when it fits the
 * schema, else the default and a problem that names the setting, says what is wrong and what is used.
 */
export function parseSetting<K extends SettingKey>(
  key: K,
  raw: unknown,
): { value: SettingValue<K>; problem?: SettingProblem } {
  const { schema, default: fallback } = SETTINGS[key];
  if (raw === undefined || raw === null) return { value: fallback as SettingValue<K> };
  const parsed = (schema as z.ZodType).safeParse(raw);
  if (parsed.success) return { value: parsed.data as SettingValue<K> };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return {
    value: fallback as SettingValue<K>,
    problem: {
      key: `switchyard.${key}`,
      message:
        `switchyard.${key}: ${JSON.stringify(raw)} is not valid${where} (${issue?.message ?? 'wrong type'}); ` +
        `using the default ${JSON.stringify(fallback)}. Fix it in the settings (JSON).`,
    },
  };
}
