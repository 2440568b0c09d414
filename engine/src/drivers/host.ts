import { EngineError } from '../errors';
import type { NetworkDriver } from './driver';

/**
 * A driver with nothing to build: the network exists by definition and a sandbox cannot join it as an extra
 * endpoint (Docker refuses that with `refusal`).
 */
class NoEndpointDriver implements NetworkDriver {
  readonly scope = 'local' as const;
  readonly hasEndpoints = false;
  constructor(
    readonly type: string,
    private readonly refusal: string,
  ) {}
  async createNetwork(): Promise<void> {}
  async deleteNetwork(): Promise<void> {}
  async join(): Promise<void> {
    throw EngineError.forbidden(this.refusal);
  }
  async leave(): Promise<void> {}
}

/** `host`: the sandbox uses the engine's own network stack; nothing to create, nothing to join. */
export class HostDriver extends NoEndpointDriver {
  constructor() {
    super('host', 'container cannot be disconnected from host network or connected to host network');
  }
}

/** `null` (the `none` network): a namespace with loopback only. */
export class NullDriver extends NoEndpointDriver {
  constructor() {
    super(
      'null',
      'container cannot be connected to multiple networks with one of the networks in private (none) mode',
    );
  }
}
