import type { ServiceModel } from '../../../compose/project';
import type { Span } from '../../../yaml/tree';

/**
 * True when a value of the merged service was written in a file that does not define the service itself: it
 * came from a service extended in another file. Compose does not import that file's networks, so a reference
 * that does not resolve is the extending file's problem (NET157), not the base file's.
 */
export function fromOtherFile(svc: ServiceModel, span: Span): boolean {
  return !svc.keySpans.some((k) => k.file === span.file);
}
