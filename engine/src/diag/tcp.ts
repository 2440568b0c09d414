import type { TcpResult } from '@switchyard/protocol';
import { TcpResultSchema } from '@switchyard/protocol';
import { EngineError } from '../errors';
import { probeAddress } from './resolve-host';
import { runStreaming } from './spawn';
import type { Target } from './target';
import { inTarget } from './target';

/** Runs in the target namespace as `node -e`: a socket must be opened there, not in the engine's. */
const PROBE = `
const net = require('node:net');
const [host, port, timeout] = process.argv.slice(1);
const t0 = performance.now();
const s = net.connect({ host, port: Number(port) });
const done = (r) => { process.stdout.write(JSON.stringify({ ms: Math.round((performance.now() - t0) * 1000) / 1000, ...r })); s.destroy(); process.exit(0); };
s.setTimeout(Number(timeout), () => done({ connected: false, error: 'timeout after ' + timeout + ' ms' }));
s.on('connect', () => done({ connected: true, localAddress: s.localAddress + ':' + s.localPort }));
s.on('error', (e) => done({ connected: false, error: e.code || e.message }));
`;

export async function tcpProbe(
  t: Target,
  p: { host: string; port: number; timeoutMs: number },
): Promise<TcpResult> {
  const host = await probeAddress(t, p.host, p.timeoutMs);
  const argv = inTarget(t, [process.execPath, '-e', PROBE, host, String(p.port), String(p.timeoutMs)]);
  const run = await runStreaming(argv, { timeoutMs: p.timeoutMs + 5000 });
  const parsed = TcpResultSchema.safeParse(JSON.parse(run.stdout || 'null'));
  if (!parsed.success)
    throw EngineError.kernel(`tcp probe from ${t.label} failed: ${run.stderr.trim() || 'no result'}`);
  return parsed.data;
}
