import type { Rule, RuleContext } from '../../rule';
import type { ServiceModel } from '../../../compose/project';
import { basename } from 'node:path';
import { get } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import { networkRefs } from '../references/NET010-undefined-network';
import { extendsSite } from '../files';
import { fromOtherFile } from '../references/inherited';
import { networkModeOf, servicesByName } from '../references/services';
import { REFERENCE_READS } from '../../reads';

/**
 * A service extends a service of another file whose `networks` or `network_mode: service:x` do not resolve in
 * this project: `extends` copies the service but not the networks (or services) of its file. Reported at the
 * extending service's `extends`, with the inherited reference as related information.
 */
export const NET157: Rule = {
  id: 'NET157',
  title: 'extends inherits an undeclared reference',
  reads: REFERENCE_READS,
  run(ctx) {
    const declared = new Set(ctx.project.networks.map((n) => n.key));
    // In a project of one file nothing comes from another: no list of a service's 640,000 networks.
    const sources = ctx.project.sources;
    const only = sources.size === 1 ? sources.keys().next().value : undefined;
    for (const svc of ctx.project.services) {
      if (!svc.enabled) continue;
      if (only !== undefined && svc.keySpans.some((k) => k.file === only)) continue;
      for (const ref of networkRefs(get(svc.node, 'networks'))) {
        if (declared.has(ref.name) || !fromOtherFile(svc, ref.span)) continue;
        const text = `service "${svc.name}" refers to undefined network ${ref.name}: invalid compose project`;
        inherited(ctx, svc, ref.span, text, `declare network ${ref.name} in this file`, ref.name);
      }
      const mode = networkModeOf(svc);
      if (mode?.kind !== 'service' || !fromOtherFile(svc, mode.value.span)) continue;
      if (servicesByName(ctx.project).get(mode.target)?.enabled) continue;
      const text = `service "${mode.target}" not found for network_mode 'service:${mode.target}'`;
      inherited(ctx, svc, mode.value.span, text, `define service ${mode.target} in this project`);
    }
  },
};

function inherited(
  { project, report }: RuleContext,
  svc: ServiceModel,
  refSpan: Span,
  text: string,
  todo: string,
  network?: string,
): void {
  const site = extendsSite(project, svc);
  const from = basename(refSpan.file);
  report({
    code: 'NET157',
    severity: 'error',
    message: `${text} (inherited through extends from ${from}, whose declarations extends does not import; ${todo})`,
    at: site.span,
    related: [
      {
        at: refSpan,
        message: `the extended service ${site.base || ''} refers to it here`.replace('  ', ' '),
      },
    ],
    ...(network ? { fix: { kind: 'declare-network', title: `Declare network "${network}"`, network } } : {}),
  });
}
