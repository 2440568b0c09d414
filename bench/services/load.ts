/**
 * Run inside a namespace (`node -e LOAD_SCRIPT IP PORT MS CONC`): CONC loops of short TCP requests (connect,
 * read the answer to its end, close; 1 s at most) to IP:PORT for MS milliseconds; IP may be a comma-separated list, taken
 * in turn. Prints {n, failed, p50, p95, p99} (ms per request).
 *
 * The client closes with a reset once it has the whole answer. With an orderly close the replica, which ends
 * first, keeps each connection in TIME_WAIT for 60 s, and at ~5,000 connections/s from one address the
 * client's ephemeral ports wrap within seconds: from a sandbox, 15-39 requests per 2 s run then waited out the
 * 1 s timeout (p99 11-13 ms), on the direct and VIP paths alike; with the reset, none (p99 3.4-4.4 ms). Measured
 * back to back, bench/README.md. That was the client meeting its own old connections, not the data path.
 */
export const LOAD_SCRIPT = `
const net = require('net');
const [ips, port, ms, conc] = [process.argv[1].split(','), Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4])];
const lat = []; let failed = 0; let k = 0; const end = Date.now() + ms;
function one() {
  return new Promise((r) => {
    const t0 = process.hrtime.bigint();
    const s = net.connect(port, ips[k++ % ips.length]);
    let got = 0;
    // A request without its answer in 1 s fails (a VIP nobody translates would hold a loop for minutes).
    const t = setTimeout(() => { failed++; s.destroy(); r(); }, 1000);
    s.on('data', (b) => (got += b.length));
    s.on('end', () => { clearTimeout(t); s.resetAndDestroy(); if (got) lat.push(Number(process.hrtime.bigint() - t0) / 1e6); else failed++; r(); });
    s.on('error', () => { clearTimeout(t); failed++; s.destroy(); r(); });
  });
}
async function loop() { while (Date.now() < end) await one(); }
Promise.all(Array.from({ length: conc }, loop)).then(() => {
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  console.log(JSON.stringify({ n: lat.length, failed, p50: q(0.5), p95: q(0.95), p99: q(0.99) }));
});
`;

/**
 * Run inside a namespace (`node -e PROBE_SCRIPT IP PORT WANT`): connects to IP:PORT again and again (a new
 * connection each time, 1 ms apart) until an answer is WANT; prints "ready" first, then the epoch ms of that
 * answer. Gives up after 20 s (prints NaN).
 */
export const PROBE_SCRIPT = `
const net = require('net');
const [ip, port, want] = [process.argv[1], Number(process.argv[2]), process.argv[3]];
const stop = Date.now() + 20000;
console.log('ready');
function one() {
  return new Promise((r) => {
    const s = net.connect(port, ip); let d = '';
    s.on('data', (b) => (d += b)); s.on('end', () => r(d.trim())); s.on('error', () => { s.destroy(); r(''); });
  });
}
(async () => {
  while (Date.now() < stop) {
    if ((await one()) === want) { console.log(String(Date.now())); return; }
    await new Promise((r) => setTimeout(r, 1));
  }
  console.log('NaN');
})();
`;
