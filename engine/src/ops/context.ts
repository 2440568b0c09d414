import type { DriverRegistry } from '../drivers/registry';
import type { Runner } from '../exec/command';
import type { Firewall } from '../firewall/firewall';
import type { Events } from '../log/events';
import type { Logger } from '../log/logger';
import type { Naming } from '../model/names';
import type { Reservation } from '../ports/reserve';
import type { Store } from '../store/store';
import type { SandboxRecord } from '../model/types';

/** The embedded DNS: told after every change of networks or endpoints (it re-reads the store). */
export interface DnsHook {
  changed(): Promise<void>;
  /** Points the sandbox's 127.0.0.11 at its current DNS network (no-op when unchanged); caller holds its lock. */
  redirect(sb: SandboxRecord): Promise<void>;
}

/** Everything an operation needs; built once by the daemon. */
export interface EngineContext {
  runner: Runner;
  store: Store;
  naming: Naming;
  drivers: DriverRegistry;
  firewall: Firewall;
  log: Logger;
  events: Events;
  /** Held host ports per sandbox id. */
  ports: Map<string, Reservation[]>;
  dns?: DnsHook;
  /** Objects (network or sandbox id) the start-up repair could not fix, with the reason. */
  broken?: Map<string, string>;
  /** Where capture files are written (under the state dir). */
  captureDir: string;
}
