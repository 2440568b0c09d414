import type { ComposeProject } from '../../../compose/project';
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
    // Reported positions by file: a bit per offset of the file's text, not a set entry per reference (one
    // service may list 640,000: a set of them was 40 MB with its growth).
    const reported = new Map<string, Marks>();
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      // What the body writes under `networks` (kept per body, shared with the attachment rules).
      for (const { key: name, keySpan: span } of writtenAttachments(svc.node)) {
        if (declared.has(name) || fromOtherFile(svc, span)) continue;
        let inFile = reported.get(span.file);
        if (inFile === undefined) reported.set(span.file, (inFile = positions(project, span.file)));
        if (!firstTime(inFile, span.start)) continue;
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

/** Offsets marked in one file: a bit per offset of its text, a set for any other (none is expected). */
interface Marks {
  bits: Uint8Array;
  other: Set<number> | undefined;
}

function positions(project: ComposeProject, file: string): Marks {
  const length = project.sources.get(file)?.text.length ?? 0;
  return { bits: new Uint8Array((length >> 3) + 1), other: undefined };
}

/** Marks `offset` and says whether it was not marked before. */
function firstTime(seen: Marks, offset: number): boolean {
  const byte = offset >> 3;
  const was = offset >= 0 ? seen.bits[byte] : undefined;
  if (was === undefined) {
    if (seen.other?.has(offset) === true) return false;
    (seen.other ??= new Set()).add(offset);
    return true;
  }
  const bit = 1 << (offset & 7);
  if ((was & bit) !== 0) return false;
  seen.bits[byte] = was | bit;
  return true;
}

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
