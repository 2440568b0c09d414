// One query in, one decision out, shared by the UDP and TCP listeners. Local answers are built and
// returned synchronously (the hot path: one parse into a reused struct, one Map lookup, one Buffer);
// forwarded ones are delivered later through `later`, with a per-socket callback and a caller token so
// the hot path allocates no closure.
import { EDNS_UDP_SIZE, QCLASS_ANY, QCLASS_IN, QTYPE, RCODE } from './constants';
import type { Forwarder } from './forwarder';
import type { DnsLogger } from './options';
import { newParsedQuery, parseQuery, Verdict, type ParsedQuery } from './query';
import type { DnsResolver, ResolveResult } from './resolver';
import { buildAnswer, buildError, buildTruncated, isBadVersion, RCODE_BADVERS } from './response';
import type { DnsStats } from './stats';

/** Returned by `handle` when the answer will come through `later`. */
export const PENDING = Symbol('pending');

const TCP_MAX = 65535;

/** What happened to a query, in the query log. */
export type QueryOutcome = 'answer' | 'forward' | 'nxdomain' | 'refused' | 'error';

const TYPE_NAMES = new Map<number, string>(Object.entries(QTYPE).map(([k, v]) => [v, k]));
const RCODE_NAMES = new Map<number, string>(Object.entries(RCODE).map(([k, v]) => [v, k]));

export class QueryHandler {
  private readonly q: ParsedQuery = newParsedQuery();
  /** Forwards in flight per client, so one sandbox flooding unknown names cannot use up the global cap. */
  private readonly perClient = new Map<string, number>();

  constructor(
    public resolver: DnsResolver,
    private readonly forwarder: Forwarder,
    private readonly stats: DnsStats,
    private readonly log: DnsLogger,
    private readonly maxPerClient: number,
    /** One debug line per query; decided once at start so that, off, a query builds no log fields at all. */
    private readonly queryLog = false,
  ) {}

  /** The response to send now, null to stay silent, or PENDING when `later(response, token)` will run. */
  handle<T>(
    msg: Buffer,
    client: string,
    tcp: boolean,
    token: T,
    later: (response: Buffer, token: T) => void,
  ): Buffer | null | typeof PENDING {
    const q = this.q;
    const t0 = this.queryLog ? performance.now() : 0;
    const verdict = parseQuery(msg, q);
    if (verdict === Verdict.DROP) {
      this.stats.dropped++;
      return null;
    }
    if (verdict !== Verdict.OK) {
      this.stats.formerr++;
      const code = verdict === Verdict.NOTIMP ? RCODE.NOTIMP : RCODE.FORMERR;
      return this.done(buildError(msg, q, code, 0), 'error', client, q, t0);
    }
    this.stats.queries++;
    if (isBadVersion(q)) return this.done(buildError(msg, q, RCODE_BADVERS, 0), 'error', client, q, t0);
    if (q.qclass !== QCLASS_IN && q.qclass !== QCLASS_ANY) {
      this.stats.refused++;
      return this.done(buildError(msg, q, RCODE.REFUSED, 0), 'refused', client, q, t0);
    }
    const res = this.resolve(client, q);
    switch (res.kind) {
      case 'answer': {
        this.stats.local++;
        const out = buildAnswer(msg, q, res.records, tcp ? TCP_MAX : maxUdp(q), 0);
        if ((out[2] ?? 0) & 0x02) this.stats.truncated++;
        return this.done(out, 'answer', client, q, t0);
      }
      case 'nxdomain':
        this.stats.nxdomain++;
        return this.done(buildError(msg, q, RCODE.NXDOMAIN, 0), 'nxdomain', client, q, t0);
      case 'refused':
        this.stats.refused++;
        return this.done(buildError(msg, q, RCODE.REFUSED, 0), 'refused', client, q, t0);
      case 'forward':
        return this.forward(msg, q, client, tcp, token, later, t0);
      case 'error':
        this.stats.servfail++;
        return this.done(buildError(msg, q, RCODE.SERVFAIL, 0), 'error', client, q, t0);
    }
  }

  /** Passes the response through, logging the query first when the query log is on. */
  private done(out: Buffer, outcome: QueryOutcome, client: string, q: ParsedQuery, t0: number): Buffer {
    if (this.queryLog) this.logQuery(out, outcome, client, q, t0);
    return out;
  }

  private logQuery(out: Buffer, outcome: QueryOutcome, client: string, q: ParsedQuery, t0: number): void {
    const rcode = (out[3] ?? 0) & 0x0f;
    this.log.debug('dns query', {
      component: 'dns',
      client,
      name: q.name,
      type: TYPE_NAMES.get(q.qtype) ?? `TYPE${q.qtype}`,
      outcome,
      rcode: RCODE_NAMES.get(rcode) ?? `RCODE${rcode}`,
      ms: Math.round((performance.now() - t0) * 1000) / 1000,
    });
  }

  private resolve(client: string, q: ParsedQuery): ResolveResult | { kind: 'error' } {
    try {
      return this.resolver.resolve(client, q.name, q.qtype);
    } catch (err) {
      this.log.error('dns resolver failed', { name: q.name, error: String(err) });
      return { kind: 'error' };
    }
  }

  private forward<T>(
    msg: Buffer,
    q: ParsedQuery,
    client: string,
    tcp: boolean,
    token: T,
    later: (response: Buffer, token: T) => void,
    t0: number,
  ): Buffer | typeof PENDING {
    const mine = this.perClient.get(client) ?? 0;
    if (mine >= this.maxPerClient) {
      this.stats.refused++;
      return this.done(buildError(msg, q, RCODE.REFUSED, 0), 'refused', client, q, t0);
    }
    const snap: ParsedQuery = { ...q }; // `q` is reused by the next query before the upstream answers
    this.perClient.set(client, mine + 1); // before forward(): with no upstreams it answers synchronously
    const accepted = this.forwarder.forward(msg, q.questionEnd, tcp, (reply) => {
      this.release(client);
      if (reply === null) {
        this.stats.servfail++;
        later(this.done(buildError(msg, snap, RCODE.SERVFAIL, 0), 'forward', client, snap, t0), token);
      } else if (!tcp && reply.length > maxUdp(snap)) {
        this.stats.truncated++;
        later(this.done(buildTruncated(msg, snap), 'forward', client, snap, t0), token);
      } else {
        later(this.done(reply, 'forward', client, snap, t0), token);
      }
    });
    if (!accepted) {
      this.release(client);
      this.stats.refused++;
      return this.done(buildError(msg, q, RCODE.REFUSED, 0), 'refused', client, q, t0);
    }
    this.stats.forwarded++;
    return PENDING;
  }

  private release(client: string): void {
    const n = (this.perClient.get(client) ?? 1) - 1;
    if (n <= 0) this.perClient.delete(client);
    else this.perClient.set(client, n);
  }
}

/** The largest UDP answer we send: 512 without EDNS, else the client's size up to what we advertise. */
function maxUdp(q: ParsedQuery): number {
  return q.edns ? Math.min(q.udpSize, EDNS_UDP_SIZE) : 512;
}
