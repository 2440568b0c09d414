// Misbehaving clients for the robustness tests, run inside a sandbox namespace:
//   abuse.ts junk  SERVER PORT          malformed UDP packets of every kind; prints JSON {sent, replies, rcodes}
//   abuse.ts flood SERVER PORT NAME     valid queries as fast as possible until SIGTERM (at most 30 s);
//                                       prints FLOODING once started and JSON {sent, replies} at the end
//   abuse.ts stall SERVER PORT N        N TCP connections that never finish a message (half of them keep
//                                       trickling one byte at a time); prints JSON {opened, closedByServer}
//                                       when the server has closed them all (gives up after 30 s)
// Every loop is bounded in count or time and talks only to SERVER, an address in the test's namespaces.
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { encodeQuery } from '../../../engine/src/dns/message';

const [mode, server = '', portText = '53', arg = ''] = process.argv.slice(2);
const port = Number(portText);
const HARD_LIMIT_MS = 30_000;

function junkPackets(): Buffer[] {
  const valid = encodeQuery({ id: 0x4242, name: 'alpha', type: 1 });
  const asResponse = Buffer.from(valid);
  asResponse.writeUInt8(asResponse.readUInt8(2) | 0x80, 2);
  const longLabel = Buffer.concat([
    valid.subarray(0, 12),
    Buffer.from([64]),
    Buffer.alloc(64, 0x61),
    Buffer.from([0, 0, 1, 0, 1]),
  ]);
  const pointerLoop = Buffer.concat([valid.subarray(0, 12), Buffer.from([0xc0, 12, 0, 1, 0, 1])]);
  const twoQuestions = Buffer.from(valid);
  twoQuestions.writeUInt16BE(2, 4);
  const badAdditional = Buffer.from(valid);
  badAdditional.writeUInt16BE(3, 10);
  const packets = [
    Buffer.alloc(0),
    Buffer.from([1]),
    valid.subarray(0, 11),
    asResponse,
    longLabel,
    pointerLoop,
    twoQuestions,
    badAdditional,
    valid.subarray(0, valid.length - 2),
  ];
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < 200; i++)
    packets.push(Buffer.from(Array.from({ length: rand() % 300 }, () => rand() & 0xff)));
  return packets;
}

function junk(): void {
  const sock = createSocket('udp4');
  const rcodes: Record<string, number> = {};
  let replies = 0;
  sock.on('message', (msg) => {
    if (msg.length >= 2 && msg.readUInt16BE(0) === 0x7777) return; // the canary's answer, counted apart
    replies++;
    const rcode = msg.length >= 4 ? String(msg.readUInt8(3) & 0xf) : 'short';
    rcodes[rcode] = (rcodes[rcode] ?? 0) + 1;
  });
  const packets = junkPackets();
  // A canary query after the junk: once it is answered, everything sent before it has been processed. It is
  // sent when the last junk packet has left, and again every 100 ms until answered (a full socket queue may
  // drop one), instead of after a fixed pause.
  const canary = encodeQuery({ id: 0x7777, name: 'canary.invalid', type: 1 });
  let resend: ReturnType<typeof setInterval> | undefined;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearInterval(resend);
    console.log(JSON.stringify({ sent: packets.length, replies, rcodes }));
    sock.close();
  };
  sock.on('message', (msg) => {
    if (msg.length >= 2 && msg.readUInt16BE(0) === 0x7777) finish();
  });
  packets.forEach((p, i) =>
    sock.send(p, port, server, () => {
      if (i !== packets.length - 1) return;
      sock.send(canary, port, server);
      resend = setInterval(() => sock.send(canary, port, server), 100);
    }),
  );
  setTimeout(finish, HARD_LIMIT_MS).unref();
}

function flood(): void {
  const sock = createSocket('udp4');
  let sent = 0;
  let replies = 0;
  let stopped = false;
  sock.on('message', () => replies++);
  const query = encodeQuery({ id: 1, name: arg, type: 1 });
  const burst = (): void => {
    if (stopped) return;
    for (let i = 0; i < 200; i++, sent++) sock.send(query, port, server);
    setImmediate(burst);
  };
  const stop = (): void => {
    stopped = true;
    console.log(JSON.stringify({ sent, replies }));
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  setTimeout(stop, HARD_LIMIT_MS).unref();
  console.log('FLOODING');
  burst();
}

function stall(): void {
  const n = Number(arg);
  let closed = 0;
  const socks: Socket[] = [];
  const trickle = setInterval(
    () => socks.forEach((s, i) => i % 2 === 0 && !s.destroyed && s.write(Buffer.from([0]))),
    200,
  );
  const done = (): void => {
    clearInterval(trickle);
    console.log(JSON.stringify({ opened: n, closedByServer: closed }));
    process.exit(0);
  };
  for (let i = 0; i < n; i++) {
    const s = connect({ host: server, port }, () => s.write(Buffer.from([0x01]))); // half a length prefix
    s.on('error', () => {});
    s.on('close', () => {
      closed++;
      if (closed === n) done();
    });
    socks.push(s);
  }
  console.log('STALLING');
  setTimeout(done, HARD_LIMIT_MS).unref();
}

if (mode === 'junk') junk();
else if (mode === 'flood') flood();
else if (mode === 'stall') stall();
else throw new Error(`unknown mode "${mode}"; use junk, flood or stall`);
