import { EngineError } from '../errors';
import type { NetworkDriver } from './driver';

/** `host`: the sandbox uses the engine's own network stack; nothing to create, nothing to join. */
export class HostDriver implements NetworkDriver {
  readonly type = 'host';
  readonly scope = 'local' as const;
  readonly hasEndpoints = false;
  async createNetwork(): Promise<void> {}
  async deleteNetwork(): Promise<void> {}
  async join(): Promise<void> {
    throw EngineError.forbidden(
      'container cannot be disconnected from host network or connected to host network',
    );
  }
  async leave(): Promise<void> {}
}

/** `null` (the `none` network): a namespace with loopback only. */
export class NullDriver implements NetworkDriver {
  readonly type = 'null';
  readonly scope = 'local' as const;
  readonly hasEndpoints = false;
  async createNetwork(): Promise<void> {}
  async deleteNetwork(): Promise<void> {}
  async join(): Promise<void> {
    throw EngineError.forbidden(
      'container cannot be connected to multiple networks with one of the networks in private (none) mode',
    );
  }
  async leave(): Promise<void> {}
}
