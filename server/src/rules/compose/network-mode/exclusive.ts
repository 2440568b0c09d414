import type { ComposeProject, ServiceModel } from '../../../compose/project';
import { entry, isMap, isSeq } from '../../../yaml/tree';
import type { PEntry } from '../../../yaml/tree';
import { fileIndex, ownedBy } from '../files';
import { networkModeOf } from '../references/services';

export interface ExclusiveClash {
  /** Where to report: the side written last (the override), preferring what the service writes itself. */
  at: PEntry;
  other: PEntry;
  /** True when the two sides come from two files that both define the service (base + override). */
  acrossOverride: boolean;
}

/** compose-go refuses a service whose merged model has both a non-empty `networks` and a `network_mode`. */
export function exclusiveClash(project: ComposeProject, svc: ServiceModel): ExclusiveClash | undefined {
  const mode = networkModeOf(svc);
  const nets = entry(svc.node, 'networks');
  if (!mode || !nets || !nonEmpty(nets)) return undefined;
  const rank = (e: PEntry): [number, number, number] => [
    ownedBy(project, svc, e.keySpan) ? 1 : 0,
    fileIndex(project, e.keySpan.file),
    e === nets ? 1 : 0,
  ];
  const [a, b] = [rank(nets), rank(mode.entry)];
  const netsFirst = a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : true;
  const [at, other] = netsFirst ? [nets, mode.entry] : [mode.entry, nets];
  const files = new Set(svc.keySpans.map((k) => k.file));
  const acrossOverride =
    nets.keySpan.file !== mode.entry.keySpan.file &&
    files.has(nets.keySpan.file) &&
    files.has(mode.entry.keySpan.file);
  return { at, other, acrossOverride };
}

function nonEmpty(e: PEntry): boolean {
  return (isSeq(e.value) && e.value.items.length > 0) || (isMap(e.value) && e.value.entries.length > 0);
}

export function exclusiveMessage(service: string): string {
  return `service ${service} declares mutually exclusive \`network_mode\` and \`networks\`: invalid compose project`;
}
