// Forwards queries for names that are not ours to the upstream resolvers, one after the other, each with
// its slice of the time budget. Against spoofing (an off-path attacker must guess every one of these):
//  - a fresh UDP socket per attempt, so a fresh port picked by the kernel's randomized ephemeral range
//    (about 15 bits) instead of a few ports for the daemon's life;
//  - a query id from the CSPRNG (16 bits), never Math.random;
//  - 0x20: the letters of the question name go out in random case (one bit per letter), and a reply must
//    echo the question byte for byte, so an answer in another case is dropped;
//  - a reply is accepted only from the upstream we asked, on that socket, with our id and question.
// The client gets its own id and its own spelling of the question back. Queries that came over TCP are
// forwarded over TCP (a connection per query: ports and ids are not guessable there anyway).
/* eslint-disable @typescript-eslint/no-non-null-assertion -- every index is bounds-checked first */
import { randomBytes, randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { RCODE } from './constants';
import type { DnsLogger, Upstream } from './options';
import { tcpExchange } from './tcp-exchange';

interface Pending {
  /** The query as the client sent it (its id and its letter case). */
  original: Buffer;
  /** The query as it goes upstream (our id, our case). */
  query: Buffer;
  questionEnd: number;
  tcp: boolean;
  next: number;
  upstreams: readonly Upstream[];
  sliceMs: number;
  fallback: Buffer | null;
  upstream: Upstream | undefined;
  sock: Socket | undefined;
  timer: NodeJS.Timeout | undefined;
  settled: boolean;
  done: (response: Buffer | null) => void;
}

/**
 * 0x20 encoding: each ASCII letter of the question name (bytes 12 .. end of name) flipped to a random case.
 * Length bytes are below 64 and never letters. Returns how many letters there were (bits gained).
 */
export function randomizeCase(msg: Buffer, from: number, to: number): number {
  const bits = randomBytes(Math.max(1, to - from));
  let letters = 0;
  for (let i = from; i < to; i++) {
    const c = msg[i]!;
    const lower = c | 0x20;
    if (lower < 0x61 || lower > 0x7a) continue;
    msg[i] = (bits[i - from]! & 1) === 1 ? lower & ~0x20 : lower;
    letters++;
  }
  return letters;
}

export interface ForwarderOptions {
  upstreams: readonly Upstream[];
  timeoutMs: number;
  maxConcurrent: number;
  log: DnsLogger;
}

export class Forwarder {
  private upstreams: readonly Upstream[];
  private readonly pending = new Set<Pending>();
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
      original: Buffer.from(query),
      query: Buffer.from(query),
      questionEnd,
      tcp,
      next: 0,
      upstreams,
      sliceMs: Math.max(50, Math.floor(this.opts.timeoutMs / Math.max(1, upstreams.length))),
      fallback: null,
      upstream: undefined,
      sock: undefined,
      timer: undefined,
      settled: false,
      done,
    };
    this.attempt(p);
    return true;
  }

  close(): void {
    this.closed = true;
    for (const p of [...this.pending]) this.settle(p, null);
  }

  private attempt(p: Pending): void {
    if (p.settled) return;
    const u = p.upstreams[p.next++];
    if (u === undefined || this.closed) return this.finish(p, p.fallback);
    p.upstream = u;
    // A new id (and case) per attempt: a late reply to an earlier attempt matches nothing.
    p.query.writeUInt16BE(randomInt(0x10000), 0);
    if (p.tcp) {
      void tcpExchange(u.address, u.port, p.query, p.sliceMs).then((reply) => {
        this.onReply(p, reply !== null && this.matches(p, reply) ? reply : null);
      });
      return;
    }
    randomizeCase(p.query, 12, p.questionEnd - 4);
    const sock = createSocket(u.family === 6 ? 'udp6' : 'udp4');
    p.sock = sock;
    this.pending.add(p);
    sock.on('message', (msg, rinfo) => this.onMessage(p, sock, msg, rinfo));
    sock.on('error', (err) => {
      if (p.sock !== sock) return;
      this.opts.log.debug('dns forward socket error', { upstream: u.address, error: err.message });
      this.onTimeout(p);
    });
    sock.unref();
    p.timer = setTimeout(() => this.onTimeout(p), p.sliceMs);
    // The first send binds the socket to a port of the kernel's (randomized) ephemeral range.
    sock.send(p.query, u.port, u.address, (err) => {
      if (err && p.sock === sock) {
        this.opts.log.debug('dns forward send failed', { upstream: u.address, error: err.message });
        this.onTimeout(p);
      }
    });
  }

  private onMessage(p: Pending, sock: Socket, msg: Buffer, rinfo: RemoteInfo): void {
    if (p.sock !== sock || p.upstream === undefined || msg.length < 12) return;
    if (rinfo.address !== p.upstream.address || rinfo.port !== p.upstream.port) return;
    if (!this.matches(p, msg)) {
      this.opts.log.debug('dns forward reply dropped (id or question case differs)', {
        upstream: p.upstream.address,
      });
      return;
    }
    this.unlink(p);
    this.onReply(p, msg);
  }

  /** A reply belongs to a query when it is a response with our id echoing our question byte for byte (0x20). */
  private matches(p: Pending, msg: Buffer): boolean {
    if (msg.length < p.questionEnd || (msg[2]! & 0x80) === 0) return false;
    if (msg.readUInt16BE(0) !== p.query.readUInt16BE(0)) return false;
    return msg.compare(p.query, 12, p.questionEnd, 12, p.questionEnd) === 0;
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
    p.sock?.close();
    p.sock = undefined;
    this.pending.delete(p);
  }

  private finish(p: Pending, reply: Buffer | null): void {
    // The client's id and its own spelling of the question (it may compare them too).
    if (reply !== null) p.original.copy(reply, 0, 0, 2);
    if (reply !== null) p.original.copy(reply, 12, 12, p.questionEnd);
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
