// Builds responses by copying the query's header and question and appending answers whose owner is a
// compression pointer to the question name (0xC00C). The client sees its own spelling of the name back
// (0x20 case randomisation keeps working) and we never re-encode the name.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- every index is bounds-checked first */
import { EDNS_UDP_SIZE, FLAG, HEADER_LEN, QCLASS_IN } from './constants';
import type { ParsedQuery } from './query';

/** One answer record; its owner name is always the question's name. rdata is already in wire form. */
export interface DnsRecord {
  type: number;
  ttl: number;
  rdata: Uint8Array;
}

const OPT_LEN = 11;
const BADVERS = 16;

/**
 * An answer to `query` (already parsed into `q`) carrying `records`, as many as fit in `maxSize` bytes; the
 * TC bit is set when some were left out. `headroom` bytes are reserved in front (2 for a TCP length).
 */
export function buildAnswer(
  query: Buffer,
  q: ParsedQuery,
  records: readonly DnsRecord[],
  maxSize: number,
  headroom: number,
): Buffer {
  const base = q.questionEnd + (q.edns ? OPT_LEN : 0);
  let size = base;
  let count = 0;
  for (; count < records.length; count++) {
    const next = size + 12 + records[count]!.rdata.length;
    if (next > maxSize) break;
    size = next;
  }
  const out = Buffer.allocUnsafe(headroom + size);
  query.copy(out, headroom, 0, q.questionEnd);
  let pos = headroom + q.questionEnd;
  for (let i = 0; i < count; i++) pos = writeRecord(out, pos, records[i]!);
  if (q.edns) writeOpt(out, pos, 0);
  const tc = count < records.length ? FLAG.TC : 0;
  writeHeader(out, headroom, q, FLAG.AA | tc, 0, count, q.edns ? 1 : 0);
  return out;
}

/**
 * A response with `rcode` and no records. The question is echoed when it was readable; an EDNS version
 * above 0 turns any answer into BADVERS (RFC 6891 6.1.3).
 */
export function buildError(query: Buffer, q: ParsedQuery, rcode: number, headroom: number): Buffer {
  const qEnd = q.questionEnd;
  const size = (qEnd > 0 ? qEnd : HEADER_LEN) + (q.edns ? OPT_LEN : 0);
  const out = Buffer.allocUnsafe(headroom + size);
  query.copy(out, headroom, 0, qEnd > 0 ? qEnd : HEADER_LEN);
  if (q.edns) writeOpt(out, headroom + size - OPT_LEN, rcode >> 4);
  writeHeader(out, headroom, q, 0, rcode & 0xf, 0, q.edns ? 1 : 0);
  return out;
}

/** True when the query asks for an EDNS version we do not speak. */
export function isBadVersion(q: ParsedQuery): boolean {
  return q.edns && q.ednsVersion > 0;
}
export const RCODE_BADVERS = BADVERS;

function writeHeader(
  out: Buffer,
  at: number,
  q: ParsedQuery,
  extra: number,
  rcode: number,
  an: number,
  ar: number,
): void {
  // Keep the id, opcode, RD and CD bits of the query; we are a response that offers recursion.
  const flags = FLAG.QR | (q.flags & (0x7800 | FLAG.RD | 0x0010)) | FLAG.RA | extra | rcode;
  out.writeUInt16BE(flags, at + 2);
  out.writeUInt16BE(q.questionEnd > 0 ? 1 : 0, at + 4);
  out.writeUInt16BE(an, at + 6);
  out.writeUInt16BE(0, at + 8);
  out.writeUInt16BE(ar, at + 10);
}

function writeRecord(out: Buffer, pos: number, r: DnsRecord): number {
  out[pos] = 0xc0;
  out[pos + 1] = HEADER_LEN;
  out.writeUInt16BE(r.type, pos + 2);
  out.writeUInt16BE(QCLASS_IN, pos + 4);
  out.writeUInt32BE(r.ttl, pos + 6);
  out.writeUInt16BE(r.rdata.length, pos + 10);
  out.set(r.rdata, pos + 12);
  return pos + 12 + r.rdata.length;
}

function writeOpt(out: Buffer, pos: number, extendedRcode: number): void {
  out[pos] = 0; // root owner
  out.writeUInt16BE(41, pos + 1);
  out.writeUInt16BE(EDNS_UDP_SIZE, pos + 3);
  out[pos + 5] = extendedRcode;
  out[pos + 6] = 0; // version 0
  out.writeUInt16BE(0, pos + 7); // no DO: we do not sign
  out.writeUInt16BE(0, pos + 9);
}

/** Encodes a dotted name in wire form (no compression). Throws on a label over 63 bytes. */
export function encodeName(name: string): Buffer {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const labels = trimmed === '' ? [] : trimmed.split('.');
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'latin1');
    if (bytes.length === 0 || bytes.length > 63)
      throw new Error(`DNS label "${label}" in "${name}" is empty or longer than 63 bytes`);
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  const out = Buffer.concat(parts);
  if (out.length > 255) throw new Error(`DNS name "${name}" is longer than 255 bytes`);
  return out;
}

/** An empty answer with the TC bit: the reply did not fit in the client's UDP size, retry over TCP. */
export function buildTruncated(query: Buffer, q: ParsedQuery): Buffer {
  const out = buildError(query, q, 0, 0);
  out[2] = out[2]! | 0x02;
  return out;
}
