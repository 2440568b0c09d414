import type { EndpointRecord, NetworkRecord, SandboxRecord, State } from './types';
import { EngineError } from '../errors';

type Named = { id: string; name: string };

/** Docker's lookup order: exact id, exact name, then unique id prefix. */
function find<T extends Named>(items: T[], ref: string, kind: string): T {
  const byId = items.find((i) => i.id === ref);
  if (byId) return byId;
  const byName = items.filter((i) => i.name === ref);
  if (byName.length === 1) return byName[0] as T;
  if (byName.length > 1)
    throw EngineError.conflict(`${kind} ${ref} is ambiguous (${byName.length} matches found on name)`);
  const byPrefix = items.filter((i) => i.id.startsWith(ref));
  if (byPrefix.length === 1) return byPrefix[0] as T;
  if (byPrefix.length > 1)
    throw EngineError.conflict(`${kind} ${ref} is ambiguous (${byPrefix.length} matches found on id)`);
  throw EngineError.notFound(`${kind} ${ref} not found`);
}

export const findNetwork = (s: State, ref: string): NetworkRecord => find(s.networks, ref, 'network');
export const findSandbox = (s: State, ref: string): SandboxRecord => find(s.sandboxes, ref, 'sandbox');
export const endpointsOf = (s: State, networkId: string): EndpointRecord[] =>
  s.endpoints.filter((e) => e.networkId === networkId);
export const sandboxEndpoints = (s: State, sandboxId: string): EndpointRecord[] =>
  s.endpoints.filter((e) => e.sandboxId === sandboxId);
/** A service among the cluster's (services/manager.ts), by Docker's same lookup order. */
export const findService = <T extends Named>(services: T[], ref: string): T => find(services, ref, 'service');
