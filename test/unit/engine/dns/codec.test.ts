// The DNS wire codec: the hot-path query parser, the response builders and the full decoder. Malformed
// input must end in DROP or FORMERR, never in an exception, whatever the bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newParsedQuery, parseQuery, Verdict } from '../../../../engine/src/dns/query';
import {
  buildAnswer,
  buildError,
  buildTruncated,
  encodeName,
  type DnsRecord,
} from '../../../../engine/src/dns/response';
import { decodeMessage, encodeQuery, DnsDecodeError } from '../../../../engine/src/dns/message';
import { QTYPE, RCODE } from '../../../../engine/src/dns/constants';

const a = (ip: string): DnsRecord => ({
  type: QTYPE.A,
  ttl: 600,
  rdata: Uint8Array.from(ip.split('.').map(Number)),
});

test('a query parses into a lowercase name, type, class and the end of the question', () => {
  const msg = encodeQuery({ id: 0x1234, name: 'Web.Front', type: QTYPE.AAAA });
  const q = newParsedQuery();
  assert.equal(parseQuery(msg, q), Verdict.OK);
  assert.equal(q.id, 0x1234);
  assert.equal(q.name, 'web.front');
  assert.equal(q.qtype, QTYPE.AAAA);
  assert.equal(q.qclass, 1);
  assert.equal(q.questionEnd, msg.length);
  assert.equal(q.edns, false);
  assert.equal(q.udpSize, 512);
});

test('EDNS0: the OPT record sets the client UDP size (never below 512) and the version', () => {
  const q = newParsedQuery();
  assert.equal(parseQuery(encodeQuery({ id: 1, name: 'x', type: 1, ednsUdpSize: 4096 }), q), Verdict.OK);
  assert.equal(q.edns, true);
  assert.equal(q.udpSize, 4096);
  assert.equal(parseQuery(encodeQuery({ id: 1, name: 'x', type: 1, ednsUdpSize: 100 }), q), Verdict.OK);
  assert.equal(q.udpSize, 512);
  const twoOpts = Buffer.concat([encodeQuery({ id: 1, name: 'x', type: 1, ednsUdpSize: 1232 }), optRecord()]);
  twoOpts.writeUInt16BE(2, 10);
  assert.equal(parseQuery(twoOpts, q), Verdict.FORMERR, 'RFC 6891: more than one OPT is FORMERR');
});

test('the root name parses as the empty string', () => {
  const q = newParsedQuery();
  assert.equal(parseQuery(encodeQuery({ id: 1, name: '.', type: QTYPE.NS }), q), Verdict.OK);
  assert.equal(q.name, '');
});

test('responses are dropped, other opcodes NOTIMP, several questions FORMERR', () => {
  const q = newParsedQuery();
  const base = encodeQuery({ id: 7, name: 'web', type: 1 });
  const response = Buffer.from(base);
  response.writeUInt8(response.readUInt8(2) | 0x80, 2);
  assert.equal(parseQuery(response, q), Verdict.DROP);
  const notify = Buffer.from(base);
  notify.writeUInt8((4 << 3) | (notify.readUInt8(2) & 0x87), 2);
  assert.equal(parseQuery(notify, q), Verdict.NOTIMP);
  const two = Buffer.from(base);
  two.writeUInt16BE(2, 4);
  assert.equal(parseQuery(two, q), Verdict.FORMERR);
  const none = Buffer.from(base);
  none.writeUInt16BE(0, 4);
  assert.equal(parseQuery(none, q), Verdict.FORMERR);
});

test('every truncation of a valid query is DROP (no id) or FORMERR, never an exception', () => {
  const full = encodeQuery({ id: 9, name: 'service.network', type: 1, ednsUdpSize: 1232 });
  const q = newParsedQuery();
  for (let len = 0; len < full.length; len++) {
    const v = parseQuery(full.subarray(0, len), q);
    assert.equal(v, len < 12 ? Verdict.DROP : Verdict.FORMERR, `length ${len}`);
  }
});

test('labels over 63 bytes, compression pointers and over-long names in the question are FORMERR', () => {
  const q = newParsedQuery();
  const header = Buffer.from([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  const long = Buffer.concat([
    header,
    Buffer.from([64]),
    Buffer.alloc(64, 0x61),
    Buffer.from([0, 0, 1, 0, 1]),
  ]);
  assert.equal(parseQuery(long, q), Verdict.FORMERR);
  const pointer = Buffer.concat([header, Buffer.from([0xc0, 0x0c, 0, 1, 0, 1])]);
  assert.equal(parseQuery(pointer, q), Verdict.FORMERR);
  const labels = Array.from({ length: 5 }, () => Buffer.concat([Buffer.from([60]), Buffer.alloc(60, 0x62)]));
  const tooLong = Buffer.concat([header, ...labels, Buffer.from([0, 0, 1, 0, 1])]);
  assert.equal(parseQuery(tooLong, q), Verdict.FORMERR);
});

test('a "." byte inside a label can never match a dotted name', () => {
  const q = newParsedQuery();
  const header = Buffer.from([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  const msg = Buffer.concat([header, Buffer.from([3]), Buffer.from('a.b'), Buffer.from([0, 0, 1, 0, 1])]);
  assert.equal(parseQuery(msg, q), Verdict.OK);
  assert.notEqual(q.name, 'a.b');
  assert.equal(q.name.length, 3);
});

test('an answer echoes the question as sent, points owners at it, carries the TTL and is authoritative', () => {
  const msg = encodeQuery({ id: 0xbeef, name: 'WeB', type: QTYPE.A });
  const q = newParsedQuery();
  parseQuery(msg, q);
  const out = decodeMessage(buildAnswer(msg, q, [a('10.0.0.2'), a('10.0.0.3')], 512, 0));
  assert.equal(out.id, 0xbeef);
  assert.equal(out.response, true);
  assert.equal(out.authoritative, true);
  assert.equal(out.truncated, false);
  assert.equal(out.recursionDesired, true);
  assert.equal(out.rcode, RCODE.NOERROR);
  assert.deepEqual(out.questions, [{ name: 'WeB.', type: QTYPE.A, class: 1 }]);
  assert.deepEqual(
    out.answers.map((r) => [r.name, r.ttl, r.data]),
    [
      ['WeB.', 600, '10.0.0.2'],
      ['WeB.', 600, '10.0.0.3'],
    ],
  );
  assert.equal(out.additional.length, 0);
});

test('answers that do not fit the UDP size are cut and flagged TC; with EDNS the OPT is kept', () => {
  const msg = encodeQuery({ id: 1, name: 'many', type: QTYPE.A, ednsUdpSize: 512 });
  const q = newParsedQuery();
  parseQuery(msg, q);
  const records = Array.from({ length: 100 }, (_, i) => a(`10.0.${i}.1`));
  const buf = buildAnswer(msg, q, records, 512, 0);
  assert.ok(buf.length <= 512);
  const out = decodeMessage(buf);
  assert.equal(out.truncated, true);
  assert.ok(out.answers.length > 0 && out.answers.length < 100);
  assert.equal(out.additional[0]?.type, QTYPE.OPT);
  const all = decodeMessage(buildAnswer(msg, q, records, 65535, 2).subarray(2));
  assert.equal(all.truncated, false);
  assert.equal(all.answers.length, 100);
});

test('error responses carry the rcode and the question; an unreadable question is left out', () => {
  const msg = encodeQuery({ id: 5, name: 'nope', type: QTYPE.A });
  const q = newParsedQuery();
  parseQuery(msg, q);
  const nx = decodeMessage(buildError(msg, q, RCODE.NXDOMAIN, 0));
  assert.equal(nx.rcode, RCODE.NXDOMAIN);
  assert.equal(nx.questions[0]?.name, 'nope.');
  const broken = Buffer.concat([msg.subarray(0, 12), Buffer.from([5, 0x61])]);
  assert.equal(parseQuery(broken, q), Verdict.FORMERR);
  const fe = decodeMessage(buildError(broken, q, RCODE.FORMERR, 0));
  assert.equal(fe.rcode, RCODE.FORMERR);
  assert.equal(fe.questions.length, 0);
  assert.equal(fe.id, 5);
  parseQuery(msg, q);
  const tc = decodeMessage(buildTruncated(msg, q));
  assert.equal(tc.truncated, true);
  assert.equal(tc.answers.length, 0);
});

/**
 * Packets for the fuzz tests. Uniform random bytes almost never get past the header (a QR bit, an opcode or a
 * question count other than 1 ends the parse there), so most samples are built from the pieces a query is
 * made of, each of them sometimes wrong: a header, labels (some too long, some compression pointers, some
 * stray bytes), the question's type and class, records with an OPT among them, and a junk tail.
 */
const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
const header = fc
  .record({
    id: fc.nat(0xffff),
    flags: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(0x0100, 0x0000) },
      { weight: 1, arbitrary: fc.nat(0xffff) },
    ),
    qd: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.nat(3) }),
    an: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(2) }),
    ar: fc.oneof(
      { weight: 2, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fc.constant(1) },
      { weight: 1, arbitrary: fc.nat(3) },
    ),
  })
  .map((h) => [...u16(h.id), ...u16(h.flags), ...u16(h.qd), ...u16(h.an), 0, 0, ...u16(h.ar)]);
const label = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.uint8Array({ minLength: 1, maxLength: 63, size: 'max' }).map((b) => [b.length, ...b]),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 64, maxLength: 70, size: 'max' }).map((b) => [b.length, ...b]),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constant(0xc0), fc.nat(255)) },
  { weight: 1, arbitrary: fc.nat(255).map((n) => [n]) },
);
const qname = fc
  .tuple(
    fc.array(label, { maxLength: 4, size: 'max' }),
    fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  )
  .map(([labels, terminated]) => [...labels.flat(), ...(terminated ? [0] : [])]);
const record = fc
  .record({
    owner: fc.oneof(
      { weight: 3, arbitrary: fc.constant([0]) },
      { weight: 1, arbitrary: fc.constantFrom([0xc0, 12], [...encodeName('x.y')]) },
    ),
    type: fc.oneof(
      { weight: 3, arbitrary: fc.constant(QTYPE.OPT) },
      { weight: 1, arbitrary: fc.constantFrom(QTYPE.A, QTYPE.AAAA) },
    ),
    klass: fc.nat(0xffff),
    ttl: fc.nat(0xffff),
    rdata: fc.uint8Array({ maxLength: 8, size: 'max' }),
    rdlenDelta: fc.oneof(
      { weight: 4, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: -2, max: 2 }) },
    ),
  })
  .map((r) => [
    ...r.owner,
    ...u16(r.type),
    ...u16(r.klass),
    0,
    0,
    ...u16(r.ttl),
    ...u16(Math.max(0, r.rdata.length + r.rdlenDelta)),
    ...r.rdata,
  ]);
const builtPacket = fc
  .tuple(
    header,
    qname,
    fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([t, c]) => [...u16(t), ...u16(c)]),
    fc.array(record, { maxLength: 3, size: 'max' }),
    fc.uint8Array({ maxLength: 6, size: 'max' }),
  )
  .map(([h, name, tc, records, tail]) => Uint8Array.from([...h, ...name, ...tc, ...records.flat(), ...tail]));
const packet = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300, size: 'max' }) },
  { weight: 3, arbitrary: builtPacket },
);

test('fuzz: the parser never throws and every response it leads to decodes', () => {
  const q = newParsedQuery();
  const RUNS = 4000;
  // How far samples get: past the header into the question, through the question into the records, all
  // the way (OK), and with an OPT record read.
  const reached = { question: 0, records: 0, ok: 0, edns: 0 };
  fc.assert(
    fc.property(packet, (bytes) => {
      const msg = Buffer.from(bytes);
      const v = parseQuery(msg, q);
      const opcode = msg.length >= 12 ? (msg.readUInt16BE(2) >> 11) & 0xf : -1;
      const isQuery = msg.length >= 12 && (msg[2] ?? 0) < 0x80 && opcode === 0;
      if (isQuery && msg.readUInt16BE(4) === 1) reached.question++;
      if (q.questionEnd > 0) reached.records++;
      if (v === Verdict.OK) reached.ok++;
      if (q.edns) reached.edns++;
      if (v === Verdict.DROP) return;
      const rcode = v === Verdict.OK ? RCODE.NXDOMAIN : v === Verdict.NOTIMP ? RCODE.NOTIMP : RCODE.FORMERR;
      const out = decodeMessage(buildError(msg, q, rcode, 0));
      assert.equal(out.rcode, rcode);
      assert.equal(out.id, msg.readUInt16BE(0));
    }),
    { numRuns: RUNS },
  );
  const share = (n: number): number => n / RUNS;
  const measured = JSON.stringify(Object.fromEntries(Object.entries(reached).map(([k, n]) => [k, share(n)])));
  assert.ok(share(reached.question) >= 0.4, `too few samples reach the question parser: ${measured}`);
  assert.ok(share(reached.records) >= 0.2, `too few samples reach the record scan: ${measured}`);
  assert.ok(share(reached.ok) >= 0.1, `too few samples parse whole: ${measured}`);
  assert.ok(share(reached.edns) >= 0.03, `too few samples carry a readable OPT record: ${measured}`);
  if (process.env['SWITCHYARD_FUZZ_STATS']) console.log(`codec fuzz shares: ${measured}`);
});

test('fuzz: mutated valid queries never throw', () => {
  const q = newParsedQuery();
  const base = encodeQuery({ id: 3, name: 'svc.net', type: 1, ednsUdpSize: 1232 });
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(255)), { minLength: 1, maxLength: 6, size: 'max' }),
      (edits) => {
        const msg = Buffer.from(base);
        for (const [at, v] of edits) msg[at] = v;
        const v = parseQuery(msg, q);
        assert.ok(v === Verdict.OK || v === Verdict.FORMERR || v === Verdict.DROP || v === Verdict.NOTIMP);
      },
    ),
    { numRuns: 3000 },
  );
});

test('the decoder follows backward compression pointers and rejects forward ones', () => {
  const header = Buffer.from([0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
  const question = Buffer.concat([encodeName('web.front'), Buffer.from([0, 1, 0, 1])]);
  const answer = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 2, 0x58, 0, 4, 10, 0, 0, 2]);
  const msg = decodeMessage(Buffer.concat([header, question, answer]));
  assert.equal(msg.answers[0]?.name, 'web.front.');
  assert.equal(msg.answers[0]?.data, '10.0.0.2');
  const loop = Buffer.concat([
    header.subarray(0, 4),
    Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]),
    Buffer.from([0xc0, 12, 0, 1, 0, 1]),
  ]);
  assert.throws(() => decodeMessage(loop), DnsDecodeError);
});

test('encodeName refuses labels longer than 63 bytes', () => {
  assert.throws(() => encodeName(`${'x'.repeat(64)}.net`), /longer than 63/);
  assert.deepEqual([...encodeName('a.bc.')], [1, 0x61, 2, 0x62, 0x63, 0]);
});

function optRecord(): Buffer {
  return Buffer.from([0, 0, 41, 4, 0xd0, 0, 0, 0, 0, 0, 0]);
}
