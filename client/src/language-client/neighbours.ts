import { parseSetting } from '../settings/schema';

/**
 * Extensions that already give compose and YAML files syntax errors, completion, hover and an outline: Docker
 * DX (docker-language-server) and Red Hat YAML (yaml-language-server). With one of them installed, Switchyard
 * leaves those to it and keeps what only it does: the network checks and the network completion, hover and
 * fixes (protocol's `ServerOptions.yamlFeatures`).
 */
export const YAML_NEIGHBOURS: Readonly<Record<string, string>> = {
  'docker.docker': 'Docker DX',
  'redhat.vscode-yaml': 'Red Hat YAML',
};

export interface YamlFeaturesDecision {
  /** Whether the server also reports YAML syntax errors and offers the outline. */
  enabled: boolean;
  /** Why, for the log. */
  because: string;
}

export function decideYamlFeatures(
  setting: unknown,
  installed: (id: string) => boolean,
): YamlFeaturesDecision {
  // `auto` decides by the extensions installed; `on` and `off` force it; anything else is read as `auto`.
  const mode = parseSetting('yamlFeatures', setting).value;
  if (mode === 'on') return { enabled: true, because: 'switchyard.yamlFeatures is "on"' };
  if (mode === 'off') return { enabled: false, because: 'switchyard.yamlFeatures is "off"' };
  const present = Object.entries(YAML_NEIGHBOURS).filter(([id]) => installed(id));
  return present.length > 0
    ? {
        enabled: false,
        because: `${present.map(([, name]) => name).join(' and ')} ${present.length > 1 ? 'are' : 'is'} installed (switchyard.yamlFeatures: "auto")`,
      }
    : {
        enabled: true,
        because: 'neither Docker DX nor Red Hat YAML is installed (switchyard.yamlFeatures: "auto")',
      };
}
