import type { Rule } from '../../rule';
import type { Attachment } from '../model';
import { attachments, pushTo } from '../model';

const TEXT = {
  host: 'container cannot be disconnected from host network or connected to host network',
  none: 'container cannot be connected to multiple networks with one of the networks in private (none) mode',
};

/**
 * A service attached through `networks:` to the engine's predefined `host` or `none` network (for example
 * an external network named `host`). With other networks the engine refuses (error). Alone, Compose passes
 * it as the container's network mode, so the service silently runs in host/none mode (warning).
 */
export const NET044: Rule = {
  id: 'NET044',
  title: 'Attached to the predefined host or none network',
  scope: 'service',
  run({ project, report }) {
    const bySvc = new Map<string, Attachment[]>();
    for (const a of attachments(project)) {
      if (!a.network) continue;
      pushTo(bySvc, a.service.name, a);
    }
    for (const list of bySvc.values()) {
      for (const a of list) {
        const name = a.network?.engineName;
        if (name !== 'host' && name !== 'none') continue;
        const alone = list.length === 1;
        report({
          code: 'NET044',
          severity: alone ? 'warning' : 'error',
          message: alone
            ? `service "${a.service.name}" joins the predefined ${name} network "${a.key}" through networks:, so it runs in ${name} mode (no published ports, no network aliases); write network_mode: ${name} to say so`
            : `${TEXT[name]} (service "${a.service.name}", network "${a.key}"); use network_mode: ${name} alone, or drop "${a.key}"`,
          at: a.keySpan,
        });
      }
    }
  },
};
