// Options, limits and the logger contract of the embedded DNS server, with Docker's figures as defaults.

export interface DnsLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: DnsLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface DnsLimits {
  /** Total time a forwarded query may take, split evenly across the upstreams (aardvark: 5 s total). */
  forwardTimeoutMs: number;
  /** Forwarded queries in flight at once; above it we answer REFUSED (libnetwork `maxConcurrent` 1024). */
  maxConcurrentForwards: number;
  /** Forwarded queries one client may have in flight; above it that client gets REFUSED, others go on. */
  maxForwardsPerClient: number;
  /** A TCP connection idle this long, or a message unfinished this long, is closed (aardvark: 3 s). */
  tcpIdleMs: number;
  /** Open TCP connections; a new one beyond it evicts the oldest. */
  maxTcpConnections: number;
  /** Queries one TCP connection may have in flight before we stop reading from it. */
  maxTcpPipeline: number;
  /** Kernel receive buffer of each UDP socket, so bursts queue instead of being dropped. */
  udpRecvBufferBytes: number;
}

export const defaultLimits: DnsLimits = {
  forwardTimeoutMs: 4000,
  maxConcurrentForwards: 1024,
  maxForwardsPerClient: 256,
  tcpIdleMs: 3000,
  maxTcpConnections: 256,
  maxTcpPipeline: 32,
  udpRecvBufferBytes: 4 << 20,
};

export interface ListenAddress {
  address: string;
  /** 53 in production; 0 picks a free port (tests), reported back by the server. */
  port: number;
}

/** An upstream resolver, parsed from "IP", "IP:PORT" or "[IPv6]:PORT". */
export interface Upstream {
  address: string;
  port: number;
  family: 4 | 6;
}
