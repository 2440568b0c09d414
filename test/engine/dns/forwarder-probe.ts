// Run inside a throwaway namespace: `node --import tsx forwarder-probe.ts MODE COUNT`. Starts a stub upstream
// on 127.0.0.1:5300 and the engine's Forwarder in the same process, forwards COUNT queries for
// `WwW.Example.TEST` one after the other and prints JSON: what the upstream saw (id, source port, the
// question name's bytes) and what the client got back. MODE is how the stub answers:
//   echo             the question as received, with A 10.0.0.1
//   flipcase         every letter of the question in the other case (a spoofer that does not know the
//                    0x20 bits: it never matches), A 6.6.6.6
//   spoof-then-echo  first a flipped-case answer with A 6.6.6.6, then the right one with A 10.0.0.1
import { createSocket } from 'node:dgram';
import { Forwarder } from '../../../engine/src/dns/forwarder';
import { silentLogger } from '../../../engine/src/dns/options';

const mode = process.argv[2] ?? 'echo';
const count = Number(process.argv[3] ?? 20);
const NAME = 'WwW.Example.TEST';

function query(): { msg: Buffer; questionEnd: number } {
  const labels = NAME.split('.').flatMap((l) => [Buffer.from([l.length]), Buffer.from(l, 'latin1')]);
  const header = Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  const msg = Buffer.concat([header, ...labels, Buffer.from([0, 0, 1, 0, 1])]);
  return { msg, questionEnd: msg.length };
}

function reply(q: Buffer, questionEnd: number, ip: number[], flip: boolean): Buffer {
  const head = Buffer.from(q.subarray(0, questionEnd));
  for (let i = 12; flip && i < questionEnd - 4; i++) {
    const c = head[i] ?? 0;
    if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) head[i] = c ^ 0x20;
  }
  head.writeUInt16BE(0x8180, 2);
  head.writeUInt16BE(1, 6);
  return Buffer.concat([head, Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, ...ip])]);
}

const seen: { id: number; port: number; name: string }[] = [];
const stub = createSocket('udp4');
stub.on('message', (msg, r) => {
  const qEnd = query().questionEnd;
  seen.push({ id: msg.readUInt16BE(0), port: r.port, name: msg.subarray(13, qEnd - 5).toString('latin1') });
  const send = (b: Buffer) => stub.send(b, r.port, r.address);
  if (mode === 'flipcase') send(reply(msg, qEnd, [6, 6, 6, 6], true));
  else if (mode === 'spoof-then-echo') {
    send(reply(msg, qEnd, [6, 6, 6, 6], true));
    setTimeout(() => send(reply(msg, qEnd, [10, 0, 0, 1], false)), 5);
  } else send(reply(msg, qEnd, [10, 0, 0, 1], false));
});

stub.bind(5300, '127.0.0.1', async () => {
  const fwd = new Forwarder({
    upstreams: [{ address: '127.0.0.1', port: 5300, family: 4 }],
    timeoutMs: 300,
    maxConcurrent: 10,
    log: silentLogger,
  });
  const replies: ({ id: number; name: string; ip: string } | null)[] = [];
  for (let i = 0; i < count; i++) {
    const q = query();
    const r = await new Promise<Buffer | null>((done) => fwd.forward(q.msg, q.questionEnd, false, done));
    replies.push(
      r && {
        id: r.readUInt16BE(0),
        name: r.subarray(13, q.questionEnd - 5).toString('latin1'),
        ip: [...r.subarray(r.length - 4)].join('.'),
      },
    );
  }
  fwd.close();
  stub.close();
  process.stdout.write(JSON.stringify({ seen, replies }));
});
