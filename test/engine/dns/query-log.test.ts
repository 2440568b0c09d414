// The per-query log of the embedded DNS server, in-process on loopback: one debug line per query with the
// fields the extension's "Show Engine DNS Log" viewer filters on (component `dns`), and nothing at all (not
// even a call into the logger) when the query log is off.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createScopedResolver, startDnsServer } from '../../../engine/src/dns/index';
import { decodeMessage, encodeQuery, type DecodedMessage } from '../../../engine/src/dns/message';
import { QTYPE, RCODE } from '../../../engine/src/dns/constants';
import { waitFor } from './harness';

const view = {
  networks: [
    { name: 'lan', endpoints: [{ sandbox: 'me', name: 'me', ipv4: '127.0.0.1' }] },
    { name: 'vault', internal: true, endpoints: [{ sandbox: 'safe', name: 'safe', ipv4: '127.0.0.2' }] },
  ],
};

interface Line {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

function capture(): { lines: Line[]; log: Parameters<typeof startDnsServer>[0]['log'] } {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      lines.push({ level, msg, fields });
  return { lines, log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

/** An upstream on 127.0.0.1 that answers every query NOERROR with no records. */
async function upstream(t: TestContext): Promise<number> {
  const sock = createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    const out = Buffer.from(msg);
    out.writeUInt16BE(0x8180, 2);
    sock.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  t.after(() => sock.close());
  return sock.address().port;
}

function ask(port: number, name: string, type: number, from: string): Promise<DecodedMessage | null> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    const timer = setTimeout(() => done(null), 3000);
    const done = (r: DecodedMessage | null): void => {
      clearTimeout(timer);
      sock.close();
      resolve(r);
    };
    sock.on('message', (reply) => done(decodeMessage(reply)));
    sock.bind(0, from, () => sock.send(encodeQuery({ id: 5, name, type }), port, '127.0.0.1'));
  });
}

async function serve(t: TestContext, logQueries: boolean) {
  const cap = capture();
  const up = await upstream(t);
  const dns = await startDnsServer({
    listen: [{ address: '127.0.0.1', port: 0 }],
    resolver: createScopedResolver(view),
    upstreams: [`127.0.0.1:${up}`],
    log: cap.log,
    logQueries,
  });
  t.after(() => dns.close());
  return { ...cap, port: dns.listeners()[0]?.port ?? 0 };
}

test('each query is logged at debug with client, name, type, outcome, rcode and latency', async (t) => {
  const { lines, port } = await serve(t, true);
  const cases = [
    ['me', QTYPE.A, '127.0.0.1', 'answer', 'NOERROR', RCODE.NOERROR],
    ['example.test', QTYPE.AAAA, '127.0.0.1', 'forward', 'NOERROR', RCODE.NOERROR],
    ['example.test', QTYPE.A, '127.0.0.2', 'nxdomain', 'NXDOMAIN', RCODE.NXDOMAIN],
    ['me', QTYPE.MX, '127.0.0.3', 'refused', 'REFUSED', RCODE.REFUSED],
  ] as const;
  for (const [name, type, from, outcome, rcode, code] of cases) {
    assert.equal((await ask(port, name, type, from))?.rcode, code, `${name} from ${from}`);
    const line = await waitFor(
      () => lines.find((l) => l.msg === 'dns query' && l.fields.client === from && l.fields.name === name),
      3000,
      { what: `the log line for ${name} from ${from}` },
    );
    assert.equal(line.level, 'debug');
    const { ms, ...rest } = line.fields;
    assert.deepEqual(rest, {
      component: 'dns',
      client: from,
      name,
      type: Object.entries(QTYPE).find(([, v]) => v === type)?.[0],
      outcome,
      rcode,
    });
    assert.equal(typeof ms, 'number');
    assert.ok((ms as number) >= 0);
  }
});

test('with the query log off the logger is never called for a query', async (t) => {
  const { lines, port } = await serve(t, false);
  assert.equal((await ask(port, 'me', QTYPE.A, '127.0.0.1'))?.rcode, RCODE.NOERROR);
  assert.equal((await ask(port, 'example.test', QTYPE.A, '127.0.0.1'))?.rcode, RCODE.NOERROR);
  assert.equal((await ask(port, 'x', QTYPE.A, '127.0.0.2'))?.rcode, RCODE.NXDOMAIN);
  assert.deepEqual(
    lines.filter((l) => l.level === 'debug'),
    [],
  );
});
