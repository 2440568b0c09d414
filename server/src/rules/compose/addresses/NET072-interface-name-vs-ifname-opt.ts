import type { Rule } from '../../rule';
import { get, isMap, str } from '../../../yaml/tree';
import { attachmentEntry, attachments } from '../model';

const IFNAME = 'com.docker.network.endpoint.ifname';

/** `interface_name` together with a different `driver_opts[com.docker.network.endpoint.ifname]`: Compose ignores the former. */
export const NET072: Rule = {
  id: 'NET072',
  title: 'interface_name overridden by the ifname driver option',
  scope: 'service',
  run({ project, report }) {
    for (const a of attachments(project)) {
      const name = attachmentEntry(a, 'interface_name');
      const opts = attachmentEntry(a, 'driver_opts')?.value;
      const opt = isMap(opts) ? str(get(opts, IFNAME)) : undefined;
      if (!name || opt === undefined || str(name.value) === opt) continue;
      report({
        code: 'NET072',
        severity: 'warning',
        message: `ignoring services.${a.service.name}.networks.${a.key}.interface_name as ${IFNAME} driver_opts is already declared (the interface will be named "${opt}"); keep only one of them`,
        at: name.keySpan,
      });
    }
  },
};
