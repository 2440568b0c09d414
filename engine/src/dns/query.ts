// Hot-path parser for incoming queries. It fills a caller-owned ParsedQuery instead of returning a new
// object, lowercases the name through one scratch buffer (one string per query, nothing else), and never
// reads past the end of the packet: every malformed input ends in DROP or FORMERR, never in an exception.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- every index is bounds-checked first */
import { CLASSIC_UDP_SIZE, HEADER_LEN, QTYPE } from './constants';

/** What to do with a packet after parsing. */
export const Verdict = {
  /** Parsed; answer it. */
  OK: 0,
  /** Not a query we may answer (too short to carry an id, or a response): stay silent. */
  DROP: 1,
  /** Header readable but the rest is malformed: answer FORMERR. */
  FORMERR: 2,
  /** An opcode other than QUERY: answer NOTIMP. */
  NOTIMP: 3,
} as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

export interface ParsedQuery {
  id: number;
  flags: number;
  /**
   * Lowercase name without the trailing dot ("" for the root). A "." byte inside a label becomes NUL, so
   * `a\.b` can never be mistaken for the name `a.b`; such names are simply not ours.
   */
  name: string;
  qtype: number;
  qclass: number;
  /** Offset just past the question (header + question are echoed in every answer). */
  questionEnd: number;
  /** True when the query carried an EDNS0 OPT record. */
  edns: boolean;
  ednsVersion: number;
  /** Largest UDP answer the client accepts: 512 without EDNS, else its advertised size (at least 512). */
  udpSize: number;
}

export function newParsedQuery(): ParsedQuery {
  return {
    id: 0,
    flags: 0,
    name: '',
    qtype: 0,
    qclass: 0,
    questionEnd: 0,
    edns: false,
    ednsVersion: 0,
    udpSize: CLASSIC_UDP_SIZE,
  };
}

const scratch = Buffer.allocUnsafe(256);

/** Parses `msg` into `out`. On FORMERR/NOTIMP, `out.questionEnd` is 0 unless the question was readable. */
export function parseQuery(msg: Buffer, out: ParsedQuery): Verdict {
  const len = msg.length;
  out.questionEnd = 0;
  out.edns = false;
  out.ednsVersion = 0;
  out.udpSize = CLASSIC_UDP_SIZE;
  if (len < HEADER_LEN) return Verdict.DROP;
  out.id = (msg[0]! << 8) | msg[1]!;
  const flags = (msg[2]! << 8) | msg[3]!;
  out.flags = flags;
  if (flags & 0x8000) return Verdict.DROP; // a response: never answer one (no reflection loops)
  if (((flags >> 11) & 0xf) !== 0) return Verdict.NOTIMP;
  const qd = (msg[4]! << 8) | msg[5]!;
  if (qd !== 1) return Verdict.FORMERR;
  const nameEnd = readQname(msg, HEADER_LEN, out);
  if (nameEnd < 0 || nameEnd + 4 > len) return Verdict.FORMERR;
  out.qtype = (msg[nameEnd]! << 8) | msg[nameEnd + 1]!;
  out.qclass = (msg[nameEnd + 2]! << 8) | msg[nameEnd + 3]!;
  out.questionEnd = nameEnd + 4;
  const skip = ((msg[6]! << 8) | msg[7]!) + ((msg[8]! << 8) | msg[9]!);
  const ar = (msg[10]! << 8) | msg[11]!;
  return readRecords(msg, out.questionEnd, skip, ar, out) ? Verdict.OK : Verdict.FORMERR;
}

/** Reads the question name at `pos` into out.name; returns the offset after it, or -1 when malformed. */
function readQname(msg: Buffer, pos: number, out: ParsedQuery): number {
  const len = msg.length;
  let n = 0;
  for (;;) {
    if (pos >= len) return -1;
    const l = msg[pos]!;
    pos++;
    if (l === 0) break;
    // A compression pointer in a query's only question could only point into the header: malformed.
    if (l > 63 || pos + l > len || n + l + 1 > 254) return -1;
    if (n > 0) scratch[n++] = 0x2e;
    for (let i = 0; i < l; i++) {
      let c = msg[pos + i]!;
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      else if (c === 0x2e) c = 0;
      scratch[n++] = c;
    }
    pos += l;
  }
  out.name = n === 0 ? '' : scratch.toString('latin1', 0, n);
  return pos;
}

/** Skips `skip` records and scans `ar` more for an OPT record; false when the sections are malformed. */
function readRecords(msg: Buffer, pos: number, skip: number, ar: number, out: ParsedQuery): boolean {
  const total = skip + ar;
  for (let i = 0; i < total; i++) {
    const nameStart = pos;
    pos = skipName(msg, pos);
    if (pos < 0 || pos + 10 > msg.length) return false;
    const type = (msg[pos]! << 8) | msg[pos + 1]!;
    const rdlen = (msg[pos + 8]! << 8) | msg[pos + 9]!;
    if (i >= skip && type === QTYPE.OPT) {
      if (out.edns || pos !== nameStart + 1) return false; // RFC 6891: one OPT, owner is the root
      out.edns = true;
      const size = (msg[pos + 2]! << 8) | msg[pos + 3]!;
      out.udpSize = size < CLASSIC_UDP_SIZE ? CLASSIC_UDP_SIZE : size;
      out.ednsVersion = msg[pos + 5]!;
    }
    pos += 10 + rdlen;
    if (pos > msg.length) return false;
  }
  return true;
}

/** Returns the offset after a (possibly compressed) name at `pos`, or -1. */
export function skipName(msg: Buffer, pos: number): number {
  for (let guard = 0; guard < 128; guard++) {
    if (pos >= msg.length) return -1;
    const l = msg[pos]!;
    if (l === 0) return pos + 1;
    if ((l & 0xc0) === 0xc0) return pos + 2 <= msg.length ? pos + 2 : -1;
    if (l > 63) return -1;
    pos += l + 1;
  }
  return -1;
}
