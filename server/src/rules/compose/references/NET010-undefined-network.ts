import type { Rule } from '../../rule';
import { isMap, isSeq, str } from '../../../yaml/tree';
import type { Span, get } from '../../../yaml/tree';
import { fromOtherFile } from './inherited';
import { writtenAttachments } from '../network-facts';
import { REFERENCE_READS } from '../../reads';

/**
 * A service refers to a network that is not declared at top level (only enabled services count). The merged
 * service includes what it inherits through `extends`; a reference inherited from another file is NET157.
 */
export const NET010: Rule = {
  id: 'NET010',
  title: 'Undefined network',
  reads: REFERENCE_READS,
  run({ project, report }) {
    const declared = new Set(project.networks.map((n) => n.key));
    // A base service extended in its own file shares its reference nodes with the extending service.
    // Reported positions by file: numbers, not a string per reference (one service may list 640,000).
    const reported = new Map<string, Set<number>>();
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      // What the body writes under `networks` (kept per body, shared with the attachment rules).
      for (const { key: name, keySpan: span } of writtenAttachments(svc.node)) {
        if (declared.has(name) || fromOtherFile(svc, span)) continue;
        let inFile = reported.get(span.file);
        if (inFile === undefined) reported.set(span.file, (inFile = new Set()));
        if (inFile.has(span.start)) continue;
        inFile.add(span.start);
        report({
          code: 'NET010',
          severity: 'error',
          message: `service "${svc.name}" refers to undefined network ${name}: invalid compose project`,
          at: span,
          fix: { kind: 'declare-network', title: `Declare network "${name}"`, network: name },
        });
      }
    }
  },
};

/** The network names a service lists, in list or map form, with where each is written. */
export function networkRefs(nets: ReturnType<typeof get>): { name: string; span: Span }[] {
  if (isSeq(nets)) {
    const out: { name: string; span: Span }[] = [];
    for (const i of nets.items) {
      const s = str(i);
      if (s !== undefined) out.push({ name: s, span: i.span });
    }
    return out;
  }
  if (isMap(nets)) return nets.entries.map((e) => ({ name: e.key, span: e.keySpan }));
  return [];
}
