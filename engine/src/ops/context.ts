import type { DriverRegistry } from '../drivers/registry';
import type { Runner } from '../exec/command';
import type { Firewall } from '../firewall/firewall';
import type { Events } from '../log/events';
import type { Logger } from '../log/logger';
import type { Naming } from '../model/names';
import type { Reservation } from '../ports/reserve';
import type { Store } from '../store/store';

/** Called after every change that can alter name resolution (the embedded DNS re-reads the model). */
export interface DnsHook {
  /** Addresses the DNS server must listen on changed (a bridge network with DNS came or went). */
  networksChanged(): Promise<void>;
  /** The sandbox's 127.0.0.11 should reach the server for this network (set up inside its namespace). */
  sandboxJoined?(netns: string, gateway: string): Promise<void>;
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
  /** Where capture files are written (under the state dir). */
  captureDir: string;
}
