import { z } from 'zod';

/**
 * What whoever starts the language server passes in `initialize` (`initializationOptions`). Every field is
 * optional; an editor that passes nothing gets every feature.
 */
export const ServerOptionsSchema = z.object({
  /**
   * Whether the server also offers what any YAML editor does: YAML syntax errors (code `YAML`) and the
   * document outline. The extension turns it off when Docker DX (`docker.docker`) or Red Hat YAML
   * (`redhat.vscode-yaml`) already does it (`switchyard.yamlFeatures`). The network checks and the
   * network-specific completion, hover, navigation and fixes stay either way.
   */
  yamlFeatures: z.boolean().default(true),
  /** `switchyard.rules` at start (later changes come in `workspace/didChangeConfiguration`): rule-settings.ts. */
  rules: z.unknown().optional(),
});
export type ServerOptions = z.infer<typeof ServerOptionsSchema>;
