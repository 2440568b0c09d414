// The DNS wire codec: the hot-path query parser, the response builders and the full decoder. Malformed
// input must end in DROP or FORMERR, never in an exception, whatever the bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newParsedQuery, parseQuery, Verdict } from '../../../engine/src/dns/query';
import {
  buildAnswer,
  buildError,
  buildTruncated,
  encodeName,
  type DnsRecord,
} from '../../../engine/src/dns/response';
import { decodeMessage, encodeQuery, DnsDecodeError } from '../../../engine/src/dns/message';
import { QTYPE, RCODE } from '../../../engine/src/dns/constants';

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

test('fuzz: the parser never throws and every response it leads to decodes', () => {
  const q = newParsedQuery();
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const msg = Buffer.from(bytes);
      const v = parseQuery(msg, q);
      if (v === Verdict.DROP) return;
      const rcode = v === Verdict.OK ? RCODE.NXDOMAIN : RCODE.FORMERR;
      const out = decodeMessage(buildError(msg, q, rcode, 0));
      assert.equal(out.rcode, rcode);
      assert.equal(out.id, msg.readUInt16BE(0));
    }),
    { numRuns: 3000 },
  );
});

test('fuzz: mutated valid queries never throw', () => {
  const q = newParsedQuery();
  const base = encodeQuery({ id: 3, name: 'svc.net', type: 1, ednsUdpSize: 1232 });
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(255)), { maxLength: 6 }), (edits) => {
      const msg = Buffer.from(base);
      for (const [at, v] of edits) msg[at] = v;
      const v = parseQuery(msg, q);
      assert.ok(v === Verdict.OK || v === Verdict.FORMERR || v === Verdict.DROP || v === Verdict.NOTIMP);
    }),
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
