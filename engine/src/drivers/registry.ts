import type { Runner } from '../exec/command';
import { EngineError } from '../errors';
import { BridgeDriver } from './bridge';
import type { NetworkDriver } from './driver';
import { HostDriver, NullDriver } from './host';

/** Drivers by type; macvlan and overlay register here when they come. */
export class DriverRegistry {
  private readonly drivers = new Map<string, NetworkDriver>();
  constructor(runner: Runner) {
    for (const d of [new BridgeDriver(runner), new HostDriver(), new NullDriver()])
      this.drivers.set(d.type, d);
  }
  /** Adds a driver built with more than a runner (overlay needs the cluster's underlay). */
  register(d: NetworkDriver): void {
    this.drivers.set(d.type, d);
  }
  get(type: string): NetworkDriver {
    const d = this.drivers.get(type === 'none' ? 'null' : type);
    if (!d)
      throw EngineError.invalid(
        `plugin "${type}" not found: the engine has drivers ${this.types().join(', ')}`,
      );
    return d;
  }
  types(): string[] {
    return [...this.drivers.keys()];
  }
}
