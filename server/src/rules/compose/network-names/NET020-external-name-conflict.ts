import type { Rule } from '../../rule';
import { str } from '../../../yaml/tree';
import { externalOf, nameOf } from './networks';

/** `name:` and the deprecated `external.name:` both set, to different values. */
export const NET020: Rule = {
  id: 'NET020',
  title: 'name and external.name conflict',
  scope: 'networks',
  run({ project, report }) {
    for (const net of project.networks) {
      const ext = externalOf(net);
      const name = nameOf(net);
      const extName = str(ext?.name?.value);
      if (!ext?.name || !name || extName === undefined || extName === str(name.value)) continue;
      report({
        code: 'NET020',
        severity: 'error',
        message: `networks.${net.key}: name and external.name conflict; only use name`,
        at: ext.name.value?.span ?? ext.name.keySpan,
        related: [{ at: name.value?.span ?? name.keySpan, message: `name is ${str(name.value) ?? ''} here` }],
      });
    }
  },
};
