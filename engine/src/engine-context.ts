import type { InsideLines } from './drivers/driver';
import type { DriverRegistry } from './drivers/registry';
import type { Runner } from './exec/command';
import type { Firewall } from './firewall/firewall';
import type { FwModel } from './firewall/fw-model';
import type { Events } from './log/events';
import type { Logger } from './log/logger';
import type { Naming } from './model/names';
import type { Reservation } from './ports/reserve';
import type { Store } from './store/store';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from './model/types';
import type {
  KernelInfo,
  NetworkCreateParams,
  NodeLsResult,
  OverlayPeer,
  ServiceCreateParams,
  ServiceInfo,
  ServiceReplica,
} from '@switchyard/protocol';

/** The embedded DNS: told after every change of networks or endpoints (it re-reads the store). */
export interface DnsHook {
  changed(): Promise<void>;
  /** Points the sandbox's 127.0.0.11 at its current DNS network (no-op when unchanged); caller holds its lock. */
  redirect(sb: SandboxRecord): Promise<void>;
  /** What the redirect needs in the namespace before the interface exists (may run beside the addressing). */
  prepare?(sb: SandboxRecord): Promise<void>;
  /** Closes what the DNS holds inside the sandbox's namespace (before it is deleted). */
  release?(sb: SandboxRecord): Promise<void>;
  /**
   * The 127.0.0.11 route a join of interface `ifname` makes the sandbox's, for the join's own in-namespace
   * batch (drivers/driver.ts `JoinOptions.inside`): one session job less than the redirect after it.
   * `taken` once that batch ran, so the redirect finds the route in place. Undefined: nothing to add here.
   */
  joinRoute?(sb: SandboxRecord, ifname: string): InsideLines | undefined;
  /** The sandbox's namespace has route_localnet and the loopback guard already (a spare): not set again. */
  markLocalnet?(sb: SandboxRecord): void;
}

/**
 * Global-scope networks (cluster/): present only when the daemon runs with `--cluster-store`. Every method
 * that changes the store fails at once, naming the store, while it is unreachable.
 */
export interface ClusterHook {
  /** Plans (with `plan`), claims name/VNI/subnet in one transaction and mirrors the network here. */
  createNetwork(p: NetworkCreateParams, plan: (id: string) => Promise<NetworkRecord>): Promise<NetworkRecord>;
  removeNetwork(net: NetworkRecord): Promise<void>;
  /** Claims an address cluster-wide (create-if-absent under this host's lease). */
  claimAddress(
    net: NetworkRecord,
    family: 4 | 6,
    requested: string | undefined,
    endpointId: string,
  ): Promise<string | undefined>;
  releaseAddress(net: NetworkRecord, ip: string | undefined): Promise<void>;
  /** A join on a global network failed and was undone (its mirror goes if the network left the store). */
  joinFailed?(net: NetworkRecord): void;
  /**
   * An address no endpoint this host knows of has, not claimed (`claimAndAnnounce` claims it); with
   * `spread` > 1, one of that many lowest free ones at random (after a lost race).
   */
  pickAddress?(
    net: NetworkRecord,
    family: 4 | 6,
    requested: string | undefined,
    exclude?: ReadonlySet<string>,
    spread?: number,
  ): string | undefined;
  /**
   * After the endpoint's interface is up: its address claims and its row in one transaction; 'ok', or the
   * addresses found held by another endpoint (nothing written).
   */
  claimAndAnnounce?(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord): Promise<'ok' | string[]>;
  /** Mirrors a global network named `ref` that the watch has not brought yet; false when there is none. */
  ensureNetwork(ref: string): Promise<boolean>;
  /** After the endpoint's interface is up: gratuitous ARP, then its row for peers and DNS. */
  announce(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord): Promise<void>;
  /** Best effort: a row left while the store is away is removed by the next resync. */
  withdraw(net: NetworkRecord, ep: EndpointRecord): Promise<void>;
  /** Endpoints of other hosts on a network, for the embedded DNS. */
  remoteEndpoints(
    networkId: string,
  ): { sandbox: string; name: string; aliases: string[]; ipv4?: string; ipv6?: string }[];
  peers(net: NetworkRecord): Promise<OverlayPeer[]>;
  /** The overlay's bridge bypass on this host for `net`, in words. */
  bypass(net: NetworkRecord): Promise<string>;
  nodes(): Promise<NodeLsResult>;
  /** Names of the hosts registered in the store now (for global networks in `network ls`). */
  hostNames(): string[];
}

/** A namespace made in advance (ops/spare-netns.ts): the sandbox that takes it takes its id too. */
export interface SpareNetns {
  id: string;
  netns: string;
}

/** The daemon's spare namespace (ops/spare-netns.ts `SparePool`). */
export interface SpareHook {
  /** The spare if one is ready (the caller owns its namespace from then on); undefined otherwise. */
  take(): SpareNetns | undefined;
  /** The create that took the spare has answered: the next one may be made at once. */
  settled(): void;
}

/** Services across the cluster's hosts (services/): present only with a cluster store. */
export interface ServicesHook {
  create(p: ServiceCreateParams): Promise<ServiceInfo>;
  ls(): Promise<ServiceInfo[]>;
  inspect(ref: string): Promise<ServiceInfo>;
  scale(ref: string, replicas: number): Promise<ServiceInfo>;
  rm(ref: string): Promise<string>;
  ps(ref: string): Promise<ServiceReplica[]>;
  /** The name of a service that uses the network (so `network rm` refuses), if any. */
  usingNetwork(networkId: string): string | undefined;
}

/** What a handler can do besides returning: stream data to the caller and learn that it went away. */
export interface CallIo {
  /** False when the data was dropped: the reader is too far behind (daemon/server.ts RpcLimits). */
  emit(data: unknown): boolean;
  /** Resolves when the client cancels the request or disconnects. */
  cancelled: Promise<void>;
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
  cluster?: ClusterHook;
  services?: ServicesHook;
  /** The routing mesh's ports and SNAT on this host (services/mesh.ts), for the firewall's model. */
  mesh?: () => FwModel['mesh'];
  /** What the kernel offers (probed at daemon start); drivers refuse what it lacks. */
  kernel?: KernelInfo;
  /** Objects (network or sandbox id) the start-up repair could not fix, with the reason. */
  broken?: Map<string, string>;
  /** One namespace made in advance for the next sandbox to take (absent: every sandbox makes its own). */
  spare?: SpareHook;
  /** Where capture files are written (under the state dir). */
  captureDir: string;
}
