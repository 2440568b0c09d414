// The server in-process on loopback (no root needed): forwarding limits and fallbacks against stub
// upstreams on 127.0.0.1, response codes for odd queries, TCP pipelining and eviction, listeners coming
// and going, and the `dns` troubleshooting lookup against it.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import { createScopedResolver, startDnsServer, type DnsServer } from '../../../engine/src/dns/index';
import { decodeMessage, encodeQuery, type DecodedMessage } from '../../../engine/src/dns/message';
import { QTYPE, RCODE } from '../../../engine/src/dns/constants';
import { dnsQuery } from '../../../engine/src/diag/dns-query';
import { tcpExchange } from '../../../engine/src/dns/tcp-exchange';
import { waitFor } from './harness';

const view = {
  networks: [
    {
      name: 'lo',
      endpoints: [
        { sandbox: 'me', name: 'me', ipv4: '127.0.0.1' },
        { sandbox: 'other', name: 'other', ipv4: '127.0.0.2' },
        { sandbox: 'web', name: 'web', ipv4: '10.7.0.2' },
        ...Array.from({ length: 100 }, (_, i) => ({
          sandbox: `m${i}`,
          name: `m${i}`,
          aliases: ['many'],
          ipv4: `10.7.1.${i}`,
        })),
      ],
    },
  ],
};

type Behaviour = 'silent' | 'servfail' | 'answer' | 'wrong-id-first' | 'wrong-question-first';

/** A stub upstream on 127.0.0.1 that answers every A query as told. */
async function stubUpstream(
  t: TestContext,
  behaviour: Behaviour,
): Promise<{ port: number; seen: () => number; sock: Socket }> {
  const sock = createSocket('udp4');
  let seen = 0;
  sock.on('message', (msg, rinfo) => {
    seen++;
    const reply = answerFor(msg, behaviour === 'servfail' ? RCODE.SERVFAIL : RCODE.NOERROR);
    if (behaviour === 'silent') return;
    if (behaviour === 'wrong-id-first') {
      const wrong = Buffer.from(reply);
      wrong.writeUInt16BE((reply.readUInt16BE(0) + 1) & 0xffff, 0);
      sock.send(wrong, rinfo.port, rinfo.address);
    }
    if (behaviour === 'wrong-question-first') {
      const wrong = Buffer.from(reply);
      wrong.writeUInt8(wrong.readUInt8(13) ^ 0x01, 13); // another first letter
      sock.send(wrong, rinfo.port, rinfo.address);
    }
    sock.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  t.after(() => sock.close());
  return { port: sock.address().port, seen: () => seen, sock };
}

function answerFor(query: Buffer, rcode: number): Buffer {
  let end = 12;
  while ((query[end] ?? 0) !== 0) end += (query[end] ?? 0) + 1;
  end += 5;
  const rr =
    rcode === RCODE.NOERROR
      ? Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 99, 0, 1])
      : Buffer.alloc(0);
  const out = Buffer.concat([query.subarray(0, end), rr]);
  out.writeUInt16BE(0x8180 | rcode, 2);
  out.writeUInt16BE(rr.length > 0 ? 1 : 0, 6);
  out.writeUInt16BE(0, 10);
  return out;
}

async function start(
  t: TestContext,
  upstreams: string[],
  limits = {},
): Promise<{ dns: DnsServer; port: number }> {
  const dns = await startDnsServer({
    listen: [{ address: '127.0.0.1', port: 0 }],
    resolver: createScopedResolver(view),
    upstreams,
    limits: { forwardTimeoutMs: 400, tcpIdleMs: 500, ...limits },
  });
  t.after(() => dns.close());
  return { dns, port: dns.listeners()[0]?.port ?? 0 };
}

/** Sends raw bytes over UDP and resolves with the decoded reply (or null after `ms`). */
function ask(port: number, msg: Buffer, ms = 3000, from = '127.0.0.1'): Promise<DecodedMessage | null> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    const timer = setTimeout(() => finish(null), ms);
    const finish = (r: DecodedMessage | null): void => {
      clearTimeout(timer);
      sock.close();
      resolve(r);
    };
    sock.on('message', (reply) => finish(decodeMessage(reply)));
    sock.bind(0, from, () => sock.send(msg, port, '127.0.0.1'));
  });
}

const q = (name: string, type: number = QTYPE.A, id = 77): Buffer => encodeQuery({ id, name, type });

test('forwarded queries above the concurrency cap are REFUSED at once; the others SERVFAIL on timeout', async (t) => {
  const up = await stubUpstream(t, 'silent');
  const { dns, port } = await start(t, [`127.0.0.1:${up.port}`], { maxConcurrentForwards: 2 });
  const replies = await Promise.all([1, 2, 3].map((id) => ask(port, q(`x${id}.test`, QTYPE.A, id))));
  const byId = new Map(replies.map((r) => [r?.id, r?.rcode]));
  assert.equal(byId.get(3), RCODE.REFUSED);
  assert.equal(byId.get(1), RCODE.SERVFAIL);
  assert.equal(byId.get(2), RCODE.SERVFAIL);
  assert.equal(dns.stats().servfail, 2);
});

test('one client flooding unknown names hits its own cap; another client is still forwarded', async (t) => {
  const up = await stubUpstream(t, 'silent');
  const { port } = await start(t, [`127.0.0.1:${up.port}`], { maxForwardsPerClient: 2 });
  const mine = await Promise.all([1, 2, 3].map((id) => ask(port, q(`f${id}.test`, QTYPE.A, id))));
  const rcodes = mine.map((r) => r?.rcode).sort();
  assert.deepEqual(rcodes, [RCODE.SERVFAIL, RCODE.SERVFAIL, RCODE.REFUSED].sort());
  const other = await ask(port, q('g.test', QTYPE.A, 9), 3000, '127.0.0.2');
  assert.equal(other?.rcode, RCODE.SERVFAIL, 'forwarded (and timed out), not refused');
  const again = await ask(port, q('f4.test', QTYPE.A, 4));
  assert.equal(again?.rcode, RCODE.SERVFAIL, 'the cap is released when the forwards finish');
});

test('a failing or silent upstream hands over to the next one', async (t) => {
  const bad = await stubUpstream(t, 'servfail');
  const silent = await stubUpstream(t, 'silent');
  const good = await stubUpstream(t, 'answer');
  const { port } = await start(
    t,
    [`127.0.0.1:${bad.port}`, `127.0.0.1:${silent.port}`, `127.0.0.1:${good.port}`],
    {
      forwardTimeoutMs: 900,
    },
  );
  const r = await ask(port, q('example.test', QTYPE.A, 4321));
  assert.equal(r?.rcode, RCODE.NOERROR);
  assert.equal(r?.id, 4321, 'the client id is restored');
  assert.deepEqual(
    r?.answers.map((a) => a.data),
    ['10.99.0.1'],
  );
  assert.deepEqual([bad.seen(), silent.seen(), good.seen()], [1, 1, 1]);
});

test('replies with the wrong id or the wrong question are ignored', async (t) => {
  for (const behaviour of ['wrong-id-first', 'wrong-question-first'] as const) {
    const up = await stubUpstream(t, behaviour);
    const { port } = await start(t, [`127.0.0.1:${up.port}`]);
    const r = await ask(port, q('example.test'));
    assert.equal(r?.rcode, RCODE.NOERROR, behaviour);
    assert.equal(r?.questions[0]?.name, 'example.test.', behaviour);
  }
});

test('odd queries: BADVERS, NOTIMP, REFUSED for other classes and strangers, SERVFAIL without upstreams', async (t) => {
  const { port } = await start(t, []);
  const v1 = encodeQuery({ id: 1, name: 'web', type: QTYPE.A, ednsUdpSize: 1232 });
  v1.writeUInt8(1, v1.length - 5); // EDNS version 1
  const badvers = await ask(port, v1);
  assert.equal(badvers?.rcode, 0);
  assert.equal(badvers?.additional[0]?.ttl, 0x01000000, 'extended rcode 1 (BADVERS = 16) in the OPT TTL');
  const notify = q('web');
  notify.writeUInt8(0x20, 2); // opcode 4
  assert.equal((await ask(port, notify))?.rcode, RCODE.NOTIMP);
  const chaos = q('version.bind', QTYPE.TXT);
  chaos.writeUInt16BE(3, chaos.length - 2);
  assert.equal((await ask(port, chaos))?.rcode, RCODE.REFUSED);
  assert.equal((await ask(port, q('example.test')))?.rcode, RCODE.SERVFAIL);
  assert.equal((await ask(port, q('WEB')))?.answers[0]?.data, '10.7.0.2');
});

test('TCP: pipelined queries are all answered; a garbage length closes only that connection', async (t) => {
  const { port } = await start(t, []);
  const frames = [q('web', QTYPE.A, 1), q('me', QTYPE.A, 2), q('web', QTYPE.AAAA, 3)].map((m) =>
    Buffer.concat([Buffer.from([m.length >> 8, m.length & 0xff]), m]),
  );
  const ids = await new Promise<number[]>((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port }, () => sock.write(Buffer.concat(frames)));
    let buf = Buffer.alloc(0);
    const got: number[] = [];
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= buf.readUInt16BE(0) + 2) {
        got.push(decodeMessage(buf.subarray(2, buf.readUInt16BE(0) + 2)).id);
        buf = buf.subarray(buf.readUInt16BE(0) + 2);
      }
      if (got.length === 3) {
        sock.destroy();
        resolve(got.sort());
      }
    });
    sock.on('error', reject);
  });
  assert.deepEqual(ids, [1, 2, 3]);
  const closed = await new Promise<boolean>((resolve) => {
    const sock = connect({ host: '127.0.0.1', port }, () => sock.write(Buffer.from([0, 3, 1, 2, 3])));
    sock.on('close', () => resolve(true));
    sock.on('error', () => {});
  });
  assert.ok(closed);
});

test('TCP: past the connection limit the oldest connection makes room', async (t) => {
  const { dns, port } = await start(t, [], { maxTcpConnections: 2, tcpIdleMs: 60_000 });
  const closedAt: number[] = [];
  const socks = [0, 1, 2].map((i) => {
    const s = connect({ host: '127.0.0.1', port });
    s.on('close', () => closedAt.push(i));
    s.on('error', () => {});
    return s;
  });
  await waitFor(() => closedAt.length > 0, 5000, { what: 'the oldest connection to be evicted' });
  assert.deepEqual(closedAt, [0]);
  assert.equal(dns.stats().tcpEvicted, 1);
  socks.forEach((s) => s.destroy());
});

test('listeners come and go; the resolver can be swapped', async (t) => {
  const { dns, port } = await start(t, []);
  const extra = await dns.addListener({ address: '127.0.0.2', port: 0 });
  assert.notEqual(extra.port, 0);
  assert.equal(dns.listeners().length, 2);
  const reply = await new Promise<DecodedMessage>((resolve) => {
    const sock = createSocket('udp4');
    sock.bind(0, '127.0.0.1', () => sock.send(q('web'), extra.port, '127.0.0.2'));
    sock.on('message', (m) => {
      sock.close();
      resolve(decodeMessage(m));
    });
  });
  assert.equal(reply.answers[0]?.data, '10.7.0.2');
  await dns.removeListener(extra);
  assert.deepEqual(
    dns.listeners().map((l) => l.port),
    [port],
  );
  const refused = await new Promise<string>((resolve) => {
    const s = connect({ host: '127.0.0.2', port: extra.port });
    s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? ''));
    s.on('connect', () => resolve('connected'));
  });
  assert.equal(refused, 'ECONNREFUSED');
  dns.setResolver(createScopedResolver({ networks: [] }));
  assert.equal((await ask(port, q('web')))?.rcode, RCODE.REFUSED);
});

test('the dns troubleshooting lookup answers like dig, and falls back to TCP after TC', async (t) => {
  const { port } = await start(t, []);
  const web = await dnsQuery({ server: '127.0.0.1', port, name: 'web' });
  assert.equal(web.rcode, 'NOERROR');
  assert.deepEqual(web.answers, [{ name: 'web.', type: 'A', ttl: 600, data: '10.7.0.2' }]);
  const ptr = await dnsQuery({ server: '127.0.0.1', port, name: '10.7.0.2', type: 'PTR' });
  assert.deepEqual(
    ptr.answers.map((a) => a.data),
    ['web.lo.'],
  );
  const many = await dnsQuery({ server: '127.0.0.1', port, name: 'many' });
  assert.equal(many.transport, 'tcp');
  assert.equal(many.answers.length, 100);
  await assert.rejects(
    dnsQuery({ server: '127.0.0.1', port, name: 'web', type: 'BOGUS' }),
    /unknown DNS record type/,
  );
});

test('IPv6 listeners answer IPv6 clients (UDP and TCP), keyed by canonical address', async (t) => {
  const dns = await startDnsServer({
    listen: [{ address: '0:0:0:0:0:0:0:1', port: 0 }],
    resolver: createScopedResolver({
      networks: [
        {
          name: 'six',
          endpoints: [
            { sandbox: 'me6', name: 'me6', ipv6: '0::1' },
            { sandbox: 'db', name: 'db', ipv4: '10.8.0.2', ipv6: 'fd00:8::2' },
          ],
        },
      ],
    }),
  });
  t.after(() => dns.close());
  const at = dns.listeners()[0];
  assert.equal(at?.address, '::1');
  const port = at?.port ?? 0;
  const udp = await dnsQuery({ server: '::1', port, name: 'db', type: 'AAAA' });
  assert.deepEqual(
    udp.answers.map((a) => a.data),
    ['fd00:8::2'],
  );
  const ptr = await dnsQuery({ server: '::1', port, name: 'fd00:8::2', type: 'PTR' });
  assert.deepEqual(
    ptr.answers.map((a) => a.data),
    ['db.six.'],
  );
  const tcp = await tcpExchange('::1', port, q('db'), 3000);
  assert.deepEqual(tcp && decodeMessage(tcp).answers.map((a) => a.data), ['10.8.0.2']);
});
