import type { Rule } from '../../rule';
import { isMap, isSeq, get, str } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import { fromOtherFile } from './inherited';

/**
 * A service refers to a network that is not declared at top level (only enabled services count). The merged
 * service includes what it inherits through `extends`; a reference inherited from another file is NET157.
 */
export const NET010: Rule = {
  id: 'NET010',
  title: 'Undefined network',
  run({ project, report }) {
    const declared = new Set(project.networks.map((n) => n.key));
    // A base service extended in its own file shares its reference nodes with the extending service.
    const reported = new Set<string>();
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      for (const ref of networkRefs(get(svc.node, 'networks'))) {
        if (declared.has(ref.name) || fromOtherFile(svc, ref.span)) continue;
        const key = `${ref.span.file}:${ref.span.start}`;
        if (reported.has(key)) continue;
        reported.add(key);
        report({
          code: 'NET010',
          severity: 'error',
          message: `service "${svc.name}" refers to undefined network ${ref.name}: invalid compose project`,
          at: ref.span,
          fix: { kind: 'declare-network', title: `Declare network "${ref.name}"`, network: ref.name },
        });
      }
    }
  },
};

/** The network names a service lists, in list or map form, with where each is written. */
export function networkRefs(nets: ReturnType<typeof get>): { name: string; span: Span }[] {
  if (isSeq(nets)) {
    return nets.items.flatMap((i) => {
      const s = str(i);
      return s === undefined ? [] : [{ name: s, span: i.span }];
    });
  }
  if (isMap(nets)) return nets.entries.map((e) => ({ name: e.key, span: e.keySpan }));
  return [];
}
