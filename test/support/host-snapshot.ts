// Host snapshots for tests: the protocol's schemas fill in what a test does not care about (a local bridge
// network of no containers, no ports, no routes), so each test writes only the fields it is about.
import { HostNetworkSchema, HostSnapshotSchema } from '@switchyard/protocol';
import type { HostNetwork, HostSnapshot } from '@switchyard/protocol';

/** A Docker network named `name` (its id too, unless given), a local bridge by default. */
export function hostNetwork(name: string, fields: Partial<HostNetwork> = {}): HostNetwork {
  return HostNetworkSchema.parse({ id: name, name, driver: 'bridge', ...fields });
}

/** A snapshot of host `build-1` holding `networks`. */
export function hostSnapshot(networks: HostNetwork[], fields: Partial<HostSnapshot> = {}): HostSnapshot {
  return HostSnapshotSchema.parse({ host: 'build-1', takenAt: '2026-01-01T00:00:00Z', networks, ...fields });
}
