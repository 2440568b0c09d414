// `dns NAME [TYPE]`: one lookup with our own codec, over UDP (retried once on timeout) and over TCP when
// the UDP answer comes back truncated. The engine runs it inside a sandbox's namespace against that
// sandbox's nameserver (127.0.0.11), so it shows exactly what the sandbox sees.
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { parseIPv4, parseIPv6, reverseName } from '../dns/addr';
import { QTYPE, RCODE } from '../dns/constants';
import { decodeMessage, encodeQuery, type DecodedMessage } from '../dns/message';
import { tcpExchange } from '../dns/tcp-exchange';

export interface DnsQueryOptions {
  /** The nameserver to ask (default 127.0.0.11, the sandbox's embedded DNS). */
  server?: string;
  port?: number;
  name: string;
  /** A, AAAA, PTR, MX, TXT, SRV, NS, CNAME, SOA, ANY, or a number. PTR of an IP becomes its reverse name. */
  type?: string | number;
  /** Per attempt; default 2000 ms. */
  timeoutMs?: number;
}

export interface DnsQueryResult {
  server: string;
  port: number;
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
  rcode: string;
  truncated: boolean;
  answers: { name: string; type: string; ttl: number; data: string }[];
  elapsedMs: number;
}

const RCODE_NAMES = new Map<number, string>(Object.entries(RCODE).map(([k, v]) => [v, k]));
const TYPE_NAMES = new Map<number, string>(Object.entries(QTYPE).map(([k, v]) => [v, k]));

export async function dnsQuery(o: DnsQueryOptions): Promise<DnsQueryResult> {
  const server = o.server ?? '127.0.0.11';
  const port = o.port ?? 53;
  const type = typeNumber(o.type ?? 'A');
  const name = type === QTYPE.PTR ? reverseOf(o.name) : o.name;
  const timeoutMs = o.timeoutMs ?? 2000;
  const query = encodeQuery({ id: randomInt(0x10000), name, type, ednsUdpSize: 1232 });
  const started = process.hrtime.bigint();
  let transport: 'udp' | 'tcp' = 'udp';
  let reply =
    (await udpExchange(server, port, query, timeoutMs)) ??
    (await udpExchange(server, port, query, timeoutMs));
  if (reply !== null && decodeMessage(reply).truncated) {
    transport = 'tcp';
    reply = await tcpExchange(server, port, query, timeoutMs);
  }
  if (reply === null) {
    throw new Error(
      `no answer from DNS server ${server}:${port} for ${name} within ${timeoutMs} ms (${transport}); is a nameserver listening there?`,
    );
  }
  const msg = decodeMessage(reply);
  if (msg.id !== query.readUInt16BE(0))
    throw new Error(`DNS server ${server}:${port} answered another query (id ${msg.id})`);
  return summarize(msg, server, port, name, type, transport, started);
}

/** One dig-like block of text for the CLI and the log view. */
export function formatDnsResult(r: DnsQueryResult): string {
  const lines = [
    `;; ${r.name} ${r.type} @${r.server}#${r.port} (${r.transport}): ${r.rcode}${r.truncated ? ', truncated' : ''}`,
  ];
  for (const a of r.answers) lines.push(`${a.name}\t${a.ttl}\tIN\t${a.type}\t${a.data}`);
  lines.push(`;; ${r.answers.length} answer(s) in ${r.elapsedMs.toFixed(1)} ms`);
  return lines.join('\n');
}

function summarize(
  msg: DecodedMessage,
  server: string,
  port: number,
  name: string,
  type: number,
  transport: 'udp' | 'tcp',
  started: bigint,
): DnsQueryResult {
  return {
    server,
    port,
    name,
    type: typeName(type),
    transport,
    rcode: RCODE_NAMES.get(msg.rcode) ?? `RCODE${msg.rcode}`,
    truncated: msg.truncated,
    answers: msg.answers.map((a) => ({ name: a.name, type: typeName(a.type), ttl: a.ttl, data: a.data })),
    elapsedMs: Number(process.hrtime.bigint() - started) / 1e6,
  };
}

function udpExchange(server: string, port: number, query: Buffer, timeoutMs: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const sock = createSocket(parseIPv4(server) ? 'udp4' : 'udp6');
    const id = query.readUInt16BE(0);
    let settled = false;
    const done = (reply: Buffer | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.close();
      resolve(reply);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    sock.on('message', (msg, rinfo) => {
      if (rinfo.port === port && msg.length >= 12 && msg.readUInt16BE(0) === id) done(msg);
    });
    sock.on('error', () => done(null));
    sock.send(query, port, server);
  });
}

function typeNumber(t: string | number): number {
  if (typeof t === 'number') return t;
  const known = (QTYPE as Record<string, number>)[t.toUpperCase()];
  if (known !== undefined) return known;
  const n = Number(t.replace(/^TYPE/i, ''));
  if (Number.isInteger(n) && n > 0 && n < 65536) return n;
  throw new Error(
    `unknown DNS record type "${t}"; use A, AAAA, PTR, MX, TXT, SRV, NS, CNAME, SOA, ANY or a number`,
  );
}

function typeName(t: number): string {
  return TYPE_NAMES.get(t) ?? `TYPE${t}`;
}

function reverseOf(name: string): string {
  const bytes = parseIPv4(name) ?? parseIPv6(name);
  return bytes ? reverseName(bytes) : name;
}
