// A complete (slow-path) codec: encode a query, decode any message with compressed names. Used by the
// `dns` troubleshooting command, by tests and by stub servers; the server's hot path uses query.ts.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- every index is bounds-checked first */
import { formatIPv6 } from './addr';
import { HEADER_LEN, QCLASS_IN, QTYPE } from './constants';
import { encodeName } from './response';

export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
}

export interface DecodedRecord extends DnsQuestion {
  ttl: number;
  /** Presentation form: an address for A/AAAA, a name for PTR/CNAME/NS, hex for anything else. */
  data: string;
  rdata: Buffer;
}

export interface DecodedMessage {
  id: number;
  flags: number;
  response: boolean;
  opcode: number;
  authoritative: boolean;
  truncated: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  rcode: number;
  questions: DnsQuestion[];
  answers: DecodedRecord[];
  authority: DecodedRecord[];
  additional: DecodedRecord[];
}

export class DnsDecodeError extends Error {}

export interface QueryOptions {
  id: number;
  name: string;
  type: number;
  recursionDesired?: boolean;
  /** Adds an EDNS0 OPT record advertising this UDP payload size. */
  ednsUdpSize?: number;
}

export function encodeQuery(o: QueryOptions): Buffer {
  const name = encodeName(o.name);
  const opt = o.ednsUdpSize === undefined ? 0 : 11;
  const out = Buffer.alloc(HEADER_LEN + name.length + 4 + opt);
  out.writeUInt16BE(o.id & 0xffff, 0);
  out.writeUInt16BE(o.recursionDesired === false ? 0 : 0x0100, 2);
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(opt ? 1 : 0, 10);
  name.copy(out, HEADER_LEN);
  let pos = HEADER_LEN + name.length;
  out.writeUInt16BE(o.type, pos);
  out.writeUInt16BE(QCLASS_IN, pos + 2);
  pos += 4;
  if (o.ednsUdpSize !== undefined) {
    out.writeUInt16BE(QTYPE.OPT, pos + 1);
    out.writeUInt16BE(o.ednsUdpSize, pos + 3);
  }
  return out;
}

/** Decodes a whole message; throws DnsDecodeError saying what is wrong and where. */
export function decodeMessage(buf: Buffer): DecodedMessage {
  if (buf.length < HEADER_LEN)
    throw new DnsDecodeError(`DNS message of ${buf.length} bytes is shorter than a header`);
  const flags = buf.readUInt16BE(2);
  const counts = [4, 6, 8, 10].map((o) => buf.readUInt16BE(o));
  const r = { pos: HEADER_LEN };
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]!; i++) {
    const name = readName(buf, r);
    need(buf, r.pos, 4);
    questions.push({ name, type: buf.readUInt16BE(r.pos), class: buf.readUInt16BE(r.pos + 2) });
    r.pos += 4;
  }
  const section = (n: number): DecodedRecord[] => Array.from({ length: n }, () => readRecord(buf, r));
  return {
    id: buf.readUInt16BE(0),
    flags,
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    authoritative: (flags & 0x0400) !== 0,
    truncated: (flags & 0x0200) !== 0,
    recursionDesired: (flags & 0x0100) !== 0,
    recursionAvailable: (flags & 0x0080) !== 0,
    rcode: flags & 0xf,
    questions,
    answers: section(counts[1]!),
    authority: section(counts[2]!),
    additional: section(counts[3]!),
  };
}

function readRecord(buf: Buffer, r: { pos: number }): DecodedRecord {
  const name = readName(buf, r);
  need(buf, r.pos, 10);
  const type = buf.readUInt16BE(r.pos);
  const cls = buf.readUInt16BE(r.pos + 2);
  const ttl = buf.readUInt32BE(r.pos + 4);
  const len = buf.readUInt16BE(r.pos + 8);
  const start = r.pos + 10;
  need(buf, start, len);
  r.pos = start + len;
  const rdata = Buffer.from(buf.subarray(start, start + len));
  return { name, type, class: cls, ttl, rdata, data: present(buf, type, start, len) };
}

function present(buf: Buffer, type: number, start: number, len: number): string {
  if (type === QTYPE.A && len === 4) return [...buf.subarray(start, start + 4)].join('.');
  if (type === QTYPE.AAAA && len === 16) return formatIPv6(buf.subarray(start, start + 16));
  if (type === QTYPE.PTR || type === QTYPE.CNAME || type === QTYPE.NS) return readName(buf, { pos: start });
  return buf.subarray(start, start + len).toString('hex');
}

/** Reads a possibly compressed name; pointers must point backwards, so a loop cannot exist. */
export function readName(buf: Buffer, r: { pos: number }): string {
  const labels: string[] = [];
  let pos = r.pos;
  let jumped = false;
  let total = 0;
  for (;;) {
    need(buf, pos, 1);
    const l = buf[pos]!;
    if (l === 0) {
      if (!jumped) r.pos = pos + 1;
      break;
    }
    if ((l & 0xc0) === 0xc0) {
      need(buf, pos, 2);
      const target = ((l & 0x3f) << 8) | buf[pos + 1]!;
      if (target >= pos)
        throw new DnsDecodeError(`DNS name at offset ${pos} has a forward compression pointer`);
      if (!jumped) r.pos = pos + 2;
      jumped = true;
      pos = target;
      continue;
    }
    if (l > 63) throw new DnsDecodeError(`DNS label at offset ${pos} has the reserved length ${l}`);
    need(buf, pos + 1, l);
    total += l + 1;
    if (total > 255) throw new DnsDecodeError(`DNS name at offset ${r.pos} is longer than 255 bytes`);
    labels.push(buf.toString('latin1', pos + 1, pos + 1 + l));
    pos += l + 1;
  }
  return labels.length === 0 ? '.' : `${labels.join('.')}.`;
}

function need(buf: Buffer, pos: number, n: number): void {
  if (pos + n > buf.length)
    throw new DnsDecodeError(`DNS message ends at ${buf.length} bytes, ${pos + n} needed`);
}
