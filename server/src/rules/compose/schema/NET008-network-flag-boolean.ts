import type { Rule } from '../../rule';
import { isMap, isScalar } from '../../../yaml/tree';
import { networkDefinitions } from '../files';

const FLAGS = ['external', 'internal', 'attachable', 'enable_ipv4', 'enable_ipv6'];

/**
 * Boolean network flags given as strings are cast after interpolation (compose-go `toBoolean`): `true`/`false`
 * pass, `y/yes/on` and `n/no/off` pass with a warning, anything else is an error.
 */
export const NET008: Rule = {
  id: 'NET008',
  title: 'Network flag is not a boolean',
  scope: 'networks',
  run({ project, report }) {
    for (const { entry } of networkDefinitions(project)) {
      if (!isMap(entry.value)) continue;
      for (const flag of entry.value.entries) {
        const v = flag.value;
        if (!FLAGS.includes(flag.key) || !isScalar(v) || typeof v.value !== 'string') continue;
        const lower = v.value.toLowerCase();
        if (lower === 'true' || lower === 'false') continue;
        const path = `networks.${entry.key}.${flag.key}`;
        if (['y', 'yes', 'on', 'n', 'no', 'off'].includes(lower)) {
          const want = ['y', 'yes', 'on'].includes(lower) ? 'true' : 'false';
          report({
            code: 'NET008',
            severity: 'warning',
            message: `${JSON.stringify(v.value)} for boolean is not supported by YAML 1.2, please use \`${want}\``,
            at: v.span,
            ...(v.vars?.length ? {} : { fix: { kind: 'replace', title: `Use ${want}`, text: want } }),
          });
          continue;
        }
        report({
          code: 'NET008',
          severity: 'error',
          message: `error while interpolating ${path}: failed to cast to expected type: invalid boolean: ${v.value}`,
          at: v.span,
        });
      }
    }
  },
};
