// A stub upstream resolver for the forwarding tests, run in its own namespace:
// `node --import tsx stub-upstream.ts ADDRESS`. It knows three names and logs every query it gets as
// `Q <name> <udp|tcp>` so tests can prove what was (and was not) forwarded:
//   example.test  A 10.204.0.99
//   big.test      100 A records (too big for 512 bytes: truncated over UDP, whole over TCP)
//   slow.test     never answered (upstream timeout)
// Anything else is NXDOMAIN.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { decodeMessage } from '../../../engine/src/dns/message';

const address = process.argv[2] ?? '127.0.0.1';

function answer(query: Buffer, tcp: boolean): Buffer | null {
  const msg = decodeMessage(query);
  const q = msg.questions[0];
  if (q === undefined) return null;
  const name = q.name.toLowerCase();
  console.log(`Q ${name} ${tcp ? 'tcp' : 'udp'}`);
  if (name === 'slow.test.') return null;
  const qEnd = questionEnd(query);
  const ips = name === 'example.test.' ? ['10.204.0.99'] : name === 'big.test.' ? range(100) : [];
  const records = ips.map((ip) =>
    Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, ...ip.split('.').map(Number)]),
  );
  const full = Buffer.concat([query.subarray(0, qEnd), ...records]);
  full.writeUInt16BE(0x8180 | (ips.length === 0 ? 3 : 0), 2);
  full.writeUInt16BE(ips.length, 6);
  full.writeUInt16BE(0, 8);
  full.writeUInt16BE(0, 10);
  if (tcp || full.length <= 512) return full;
  const cut = Buffer.from(full.subarray(0, qEnd));
  cut.writeUInt16BE(0x8380, 2); // TC
  cut.writeUInt16BE(0, 6);
  return cut;
}

function questionEnd(query: Buffer): number {
  let pos = 12;
  while (query[pos] !== 0 && pos < query.length) pos += (query[pos] ?? 0) + 1;
  return pos + 5;
}

function range(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `10.204.${1 + Math.floor(i / 250)}.${(i % 250) + 1}`);
}

const udp = createSocket('udp4');
udp.on('message', (msg, rinfo) => {
  const out = answer(msg, false);
  if (out) udp.send(out, rinfo.port, rinfo.address);
});
udp.bind(53, address);
const tcp = createServer((sock) => {
  let buf = Buffer.alloc(0);
  sock.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 2 && buf.length >= buf.readUInt16BE(0) + 2) {
      const out = answer(buf.subarray(2, buf.readUInt16BE(0) + 2), true);
      buf = buf.subarray(buf.readUInt16BE(0) + 2);
      if (out) sock.write(Buffer.concat([Buffer.from([out.length >> 8, out.length & 0xff]), out]));
    }
  });
  sock.on('error', () => {});
});
tcp.listen(53, address, () => console.log('READY'));
process.on('SIGTERM', () => process.exit(0));
