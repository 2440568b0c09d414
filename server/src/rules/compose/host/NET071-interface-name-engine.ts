import type { Rule } from '../../rule';
import { attachmentEntry, attachments } from '../model';

/** The first Docker Engine that names an endpoint's interface (API 1.49). */
const MIN = { major: 28, minor: 1 };

/**
 * `interface_name` on a host whose Docker Engine is older than 28.1: Compose refuses the project before it
 * creates anything. Only with a snapshot that knows the engine's version.
 */
export const NET071: Rule = {
  id: 'NET071',
  title: 'interface_name needs Docker Engine 28.1',
  run({ project, host, report }) {
    const version = host?.dockerVersion ? /^(\d+)\.(\d+)/.exec(host.dockerVersion) : null;
    if (!host || !version) return;
    const [major, minor] = [Number(version[1]), Number(version[2])];
    if (major > MIN.major || (major === MIN.major && minor >= MIN.minor)) return;
    for (const a of attachments(project)) {
      const entry = attachmentEntry(a, 'interface_name');
      if (!entry) continue;
      report({
        code: 'NET071',
        severity: 'error',
        message: `interface_name requires Docker Engine v${MIN.major}.${MIN.minor} or later; ${host.host} runs ${host.dockerVersion} (service "${a.service.name}", network "${a.key}"). Remove it, or upgrade Docker`,
        at: entry.keySpan,
      });
    }
  },
};
