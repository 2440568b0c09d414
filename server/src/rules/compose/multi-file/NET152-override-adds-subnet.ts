import type { Rule } from '../../rule';
import { at, get, isSeq, str } from '../../../yaml/tree';
import type { PScalar } from '../../../yaml/tree';
import { basename } from 'node:path';
import type { ComposeProject } from '../../../compose/project';
import { topLevelFiles } from '../files';

/**
 * An override file gives a network an `ipam.config` subnet the base does not have. Entries are merged by
 * subnet, so the new one is appended: the network now has both subnets, rarely what "override" meant.
 */
export const NET152: Rule = {
  id: 'NET152',
  title: 'Override appends a subnet',
  run({ project, report }) {
    const named = topLevelFiles(project);
    for (const net of project.networks) {
      const files = [...new Set(net.keySpans.map((k) => k.file))].filter((f) => named.has(f));
      const earlier: PScalar[] = [];
      for (const file of files) {
        const { subnets, replaces } = subnetsIn(project, file, net.key);
        if (replaces) earlier.length = 0;
        for (const s of subnets) {
          const value = str(s) ?? '';
          if (earlier.length === 0 || earlier.some((e) => str(e) === value)) continue;
          report({
            code: 'NET152',
            severity: 'warning',
            message:
              `this subnet is added to network "${net.key}" next to ${earlier.map((e) => str(e)).join(', ')} from ` +
              `${basename(earlier[0]?.span.file ?? '')} (ipam.config entries merge by subnet), so the network ` +
              `gets both; write "config: !override" to replace them`,
            at: s.span,
            related: earlier.map((e) => ({
              at: e.span,
              message: `subnet ${str(e) ?? ''} is kept from here`,
            })),
          });
        }
        for (const s of subnets) earlier.push(s);
      }
    }
  },
};

function subnetsIn(
  project: ComposeProject,
  file: string,
  key: string,
): { subnets: PScalar[]; replaces: boolean } {
  const ipam = at(project.sources.get(file)?.root, 'networks', key, 'ipam');
  const config = get(ipam, 'config');
  const replaces = config?.tag === '!override' || config?.tag === '!reset' || ipam?.tag === '!override';
  if (!isSeq(config)) return { subnets: [], replaces };
  const subnets = config.items.flatMap((i) => {
    const s = get(i, 'subnet');
    return s && s.kind === 'scalar' && str(s) !== undefined ? [s] : [];
  });
  return { subnets, replaces };
}
