// Counters the server keeps so the engine (logs, `version`, tests) can see what it did under load.

export interface DnsStats {
  /** Packets that parsed as queries. */
  queries: number;
  /** Answered from our names (including NODATA). */
  local: number;
  nxdomain: number;
  forwarded: number;
  /** Forwarded queries no upstream answered in time. */
  servfail: number;
  /** Unknown clients, other classes, and forwards above the concurrency cap. */
  refused: number;
  formerr: number;
  /** Packets dropped without an answer: too short to carry an id, or responses. */
  dropped: number;
  truncated: number;
  tcpConnections: number;
  /** TCP connections closed because they were idle or never finished a message. */
  tcpTimeouts: number;
  /** TCP connections closed to make room for a new one. */
  tcpEvicted: number;
}

export function newStats(): DnsStats {
  return {
    queries: 0,
    local: 0,
    nxdomain: 0,
    forwarded: 0,
    servfail: 0,
    refused: 0,
    formerr: 0,
    dropped: 0,
    truncated: 0,
    tcpConnections: 0,
    tcpTimeouts: 0,
    tcpEvicted: 0,
  };
}
