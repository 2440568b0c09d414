// Forwards queries for names that are not ours to the upstream resolvers, one after the other, each with
// its slice of the time budget. UDP goes through a small pool of sockets on random ports with a fresh
// random id per query; a reply is accepted only from the upstream we asked, with our id and our question,
// so a spoofed or late packet is ignored. Queries that came over TCP are forwarded over TCP.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- every index is bounds-checked first */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { RCODE } from './constants';
import type { DnsLogger, Upstream } from './options';
import { tcpExchange } from './tcp-exchange';

const POOL_SIZE = 4;

interface Pending {
  query: Buffer;
  questionEnd: number;
  clientId: number;
  tcp: boolean;
  next: number;
  upstreams: readonly Upstream[];
  sliceMs: number;
  fallback: Buffer | null;
  key: number;
  upstream: Upstream | undefined;
  timer: NodeJS.Timeout | undefined;
  settled: boolean;
  done: (response: Buffer | null) => void;
}

export interface ForwarderOptions {
  upstreams: readonly Upstream[];
  timeoutMs: number;
  maxConcurrent: number;
  log: DnsLogger;
}

export class Forwarder {
  private upstreams: readonly Upstream[];
  private readonly pools: { 4: Socket[]; 6: Socket[] } = { 4: [], 6: [] };
  private readonly pending = new Map<number, Pending>();
  private active = 0;
  private closed = false;

  constructor(private readonly opts: ForwarderOptions) {
    this.upstreams = opts.upstreams;
  }

  get inFlight(): number {
    return this.active;
  }

  setUpstreams(list: readonly Upstream[]): void {
    this.upstreams = list;
  }

  /**
   * Forwards `query` (its id is restored in the reply). Returns false without calling `done` when the
   * concurrency cap is reached; otherwise `done` gets the upstream's reply, or null when all failed.
   */
  forward(
    query: Buffer,
    questionEnd: number,
    tcp: boolean,
    done: (response: Buffer | null) => void,
  ): boolean {
    if (this.closed || this.active >= this.opts.maxConcurrent) return false;
    const upstreams = this.upstreams;
    this.active++;
    const p: Pending = {
      query: Buffer.from(query),
      questionEnd,
      clientId: query.readUInt16BE(0),
      tcp,
      next: 0,
      upstreams,
      sliceMs: Math.max(50, Math.floor(this.opts.timeoutMs / Math.max(1, upstreams.length))),
      fallback: null,
      key: -1,
      upstream: undefined,
      timer: undefined,
      settled: false,
      done,
    };
    this.attempt(p);
    return true;
  }

  close(): void {
    this.closed = true;
    for (const p of [...this.pending.values()]) this.settle(p, null);
    for (const s of [...this.pools[4], ...this.pools[6]]) s?.close(); // pools are sparse
    this.pools[4] = [];
    this.pools[6] = [];
  }

  private attempt(p: Pending): void {
    if (p.settled) return;
    const u = p.upstreams[p.next++];
    if (u === undefined || this.closed) return this.finish(p, p.fallback);
    p.upstream = u;
    if (p.tcp) {
      void tcpExchange(u.address, u.port, p.query, p.sliceMs).then((reply) => {
        this.onReply(p, reply !== null && this.matches(p, reply) ? reply : null);
      });
      return;
    }
    const index = Math.floor(Math.random() * POOL_SIZE);
    const sock = this.socket(u.family, index);
    let id: number;
    let key: number;
    do {
      id = Math.floor(Math.random() * 0x10000);
      key = ((u.family === 6 ? POOL_SIZE : 0) + index) * 0x10000 + id;
    } while (this.pending.has(key));
    p.key = key;
    p.query.writeUInt16BE(id, 0);
    this.pending.set(key, p);
    p.timer = setTimeout(() => this.onTimeout(p), p.sliceMs);
    sock.send(p.query, u.port, u.address, (err) => {
      if (err && this.pending.get(key) === p) {
        this.opts.log.debug('dns forward send failed', { upstream: u.address, error: err.message });
        this.onTimeout(p);
      }
    });
  }

  private socket(family: 4 | 6, index: number): Socket {
    const pool = this.pools[family];
    let sock = pool[index];
    if (sock !== undefined) return sock;
    sock = createSocket(family === 6 ? 'udp6' : 'udp4');
    const base = (family === 6 ? POOL_SIZE : 0) + index;
    sock.on('message', (msg, rinfo) => this.onMessage(base, msg, rinfo));
    sock.on('error', (err) => this.opts.log.warn('dns forward socket error', { error: err.message }));
    sock.unref();
    pool[index] = sock;
    return sock;
  }

  private onMessage(base: number, msg: Buffer, rinfo: RemoteInfo): void {
    if (msg.length < 12) return;
    const p = this.pending.get(base * 0x10000 + msg.readUInt16BE(0));
    if (p === undefined || p.upstream === undefined) return;
    if (rinfo.address !== p.upstream.address || rinfo.port !== p.upstream.port) return;
    if (!this.matches(p, msg)) return;
    this.unlink(p);
    this.onReply(p, msg);
  }

  /** A reply belongs to a pending query when it is a response echoing our question (any letter case). */
  private matches(p: Pending, msg: Buffer): boolean {
    if (msg.length < p.questionEnd || (msg[2]! & 0x80) === 0) return false;
    for (let i = 12; i < p.questionEnd; i++) {
      if ((msg[i]! | 0x20) !== (p.query[i]! | 0x20)) return false;
    }
    return true;
  }

  private onTimeout(p: Pending): void {
    this.unlink(p);
    this.opts.log.debug('dns upstream timed out', { upstream: p.upstream?.address });
    this.attempt(p);
  }

  private onReply(p: Pending, reply: Buffer | null): void {
    if (reply === null) return this.attempt(p);
    const rcode = reply[3]! & 0xf;
    // Like libnetwork: a failing upstream is not the final word while another one is left to ask.
    if ((rcode === RCODE.SERVFAIL || rcode === RCODE.REFUSED) && p.next < p.upstreams.length) {
      p.fallback = reply;
      return this.attempt(p);
    }
    this.finish(p, reply);
  }

  private unlink(p: Pending): void {
    if (p.timer !== undefined) clearTimeout(p.timer);
    p.timer = undefined;
    if (p.key >= 0 && this.pending.get(p.key) === p) this.pending.delete(p.key);
    p.key = -1;
  }

  private finish(p: Pending, reply: Buffer | null): void {
    if (reply !== null) reply.writeUInt16BE(p.clientId, 0);
    this.settle(p, reply);
  }

  private settle(p: Pending, reply: Buffer | null): void {
    this.unlink(p);
    if (p.settled) return;
    p.settled = true;
    this.active--;
    p.done(reply);
  }
}
