import type { ServiceProbeParams, ServiceProbeResult } from '@switchyard/protocol';
import { ServiceProbeResultSchema } from '@switchyard/protocol';
import { EngineError } from '../errors';
import { probeAddress } from './resolve-host';
import { runStreaming } from './spawn';
import type { Target } from './target';
import { inTarget } from './target';

/** A whole burst stops after this long, whatever `count` × `timeoutMs` would allow (bounded work). */
export const BURST_BUDGET_MS = 60_000;

/**
 * Runs in the target namespace as `node -e`, like the TCP probe (tcp.ts): N requests one after another,
 * each on a new connection, each answer read back. Without a payload the first line is enough (a banner);
 * with one, until the peer closes, `max` bytes or the timeout. Prints one JSON object at the end.
 */
const BURST = `
const net = require('node:net');
const [host, port, count, timeout, max, budget, payload] = process.argv.slice(1);
const t0 = performance.now();
const answers = [];
const one = () => new Promise((resolve) => {
  const start = performance.now();
  const chunks = [];
  let size = 0, connected = false, settled = false;
  const s = net.connect({ host, port: Number(port) });
  const done = (error) => {
    if (settled) return;
    settled = true;
    const reply = Buffer.concat(chunks).subarray(0, Number(max)).toString('utf8');
    const ms = Math.round((performance.now() - start) * 1000) / 1000;
    const ok = connected && (!error || size > 0);
    answers.push({ ok, ms, ...(size > 0 && { reply }), ...(!ok && error && { error }) });
    s.destroy();
    resolve();
  };
  s.setTimeout(Number(timeout), () => done('timeout after ' + timeout + ' ms'));
  s.on('connect', () => { connected = true; if (payload) s.write(payload); });
  s.on('data', (b) => {
    chunks.push(b); size += b.length;
    if (size >= Number(max) || (!payload && b.includes(10))) done();
  });
  s.on('end', () => done(size > 0 ? undefined : 'closed without an answer'));
  s.on('error', (e) => done(e.code || e.message));
});
(async () => {
  let stopped;
  for (let i = 0; i < Number(count); i++) {
    if (performance.now() - t0 > Number(budget)) { stopped = 'time budget of ' + budget + ' ms reached after ' + i + ' requests'; break; }
    await one();
  }
  process.stdout.write(JSON.stringify({ target: host + ':' + port, answers, ...(stopped && { stopped }) }));
})();
`;

export async function probeBurst(
  t: Target,
  p: ServiceProbeParams,
  cancelled?: Promise<void>,
): Promise<ServiceProbeResult> {
  const host = await probeAddress(t, p.host, p.timeoutMs);
  const args = [host, String(p.port), String(p.count), String(p.timeoutMs), String(p.maxBytes)];
  const argv = inTarget(t, [
    process.execPath,
    '-e',
    BURST,
    ...args,
    String(BURST_BUDGET_MS),
    p.payload ?? '',
  ]);
  const run = await runStreaming(argv, {
    timeoutMs: BURST_BUDGET_MS + p.timeoutMs + 5000,
    ...(cancelled && { cancelled }),
  });
  let parsed;
  try {
    parsed = ServiceProbeResultSchema.safeParse(JSON.parse(run.stdout || 'null'));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success)
    throw EngineError.kernel(
      `service probe from ${t.label} to ${p.host}:${p.port} failed: ${run.stderr.trim() || 'no result'}`,
    );
  return parsed.data;
}
