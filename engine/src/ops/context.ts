import type { DriverRegistry } from '../drivers/registry';
import type { Runner } from '../exec/command';
import type { Firewall } from '../firewall/firewall';
import type { Events } from '../log/events';
import type { Logger } from '../log/logger';
import type { Naming } from '../model/names';
import type { Reservation } from '../ports/reserve';
import type { Store } from '../store/store';
import type { SandboxRecord } from '../model/types';
import type { KernelInfo } from '@switchyard/protocol';

/** The embedded DNS: told after every change of networks or endpoints (it re-reads the store). */
export interface DnsHook {
  changed(): Promise<void>;
  /** Points the sandbox's 127.0.0.11 at its current DNS network (no-op when unchanged); caller holds its lock. */
  redirect(sb: SandboxRecord): Promise<void>;
  /** Closes what the DNS holds inside the sandbox's namespace (before it is deleted). */
  release?(sb: SandboxRecord): Promise<void>;
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
  /** What the kernel offers (probed at daemon start); drivers refuse what it lacks. */
  kernel?: KernelInfo;
  /** Where capture files are written (under the state dir). */
  captureDir: string;
}
