import type { KernelInfo } from '@switchyard/protocol';
import type { Runner } from '../exec/command';
import { EngineError } from '../errors';
import type { Naming } from '../model/names';
import { BridgeDriver } from './bridge';
import type { NetworkDriver } from './driver';
import { HostDriver, NullDriver } from './host';
import { L2Driver } from './macvlan';

/** Drivers by type; overlay registers here when it comes. */
export class DriverRegistry {
  private readonly drivers = new Map<string, NetworkDriver>();
  constructor(runner: Runner, naming: Naming) {
    for (const d of [
      new BridgeDriver(runner),
      new HostDriver(),
      new NullDriver(),
      new L2Driver('macvlan', runner, naming),
      new L2Driver('ipvlan', runner, naming),
    ])
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
  /** Hands the start-up kernel probe to the drivers that refuse what the kernel lacks. */
  useKernel(kernel: KernelInfo): void {
    for (const d of this.drivers.values()) d.useKernel?.(kernel);
  }
}
