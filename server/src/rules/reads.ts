/**
 * What the rules over the whole project read of each service (`Rule.reads`, rule.ts), shared by the rules
 * that read the same things. Besides these paths, a service's name, profiles, replicas and enabled flag
 * are always compared. A path missing here makes an edit of it keep stale findings:
 * test/unit/property/incremental.property.test.ts compares with a fresh analysis after random edits.
 */

/** Ports and what decides how they are published: network mode, swarm deploy settings, names, extends. */
export const PORT_READS = [
  'ports',
  'expose',
  'network_mode',
  'deploy',
  'scale',
  'container_name',
  'extends',
] as const;

/** References between services and to networks: which networks (keys only), network_mode, dependencies. */
export const REFERENCE_READS = ['networks#', 'network_mode', 'depends_on', 'links', 'extends'] as const;

/** Every attachment in full: static addresses and what they are checked against. */
export const ATTACHMENT_READS = ['networks', 'network_mode'] as const;

/** Reads no service: only the networks and the other sections. */
export const NO_SERVICE_READS = [] as const;

/** The attachments' keys, in order, and one field of each. */
export function attachmentReads(...fields: string[]): readonly string[] {
  return ['networks#', ...fields.map((f) => `networks.*.${f}`)];
}
