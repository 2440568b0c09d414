import type { PingSummary } from '@switchyard/protocol';
import type { CallIo } from '../engine-context';
import { EngineError } from '../errors';
import { probeAddress } from './resolve-host';
import { runStreaming } from './spawn';
import type { Target } from './target';
import { inTarget } from './target';

const REPLY = /bytes from ([^:]+): icmp_seq=(\d+) ttl=(\d+) time=([\d.]+) ms/;

/** Parses iputils ping output (pure; exported for unit tests). */
export function parsePing(output: string): Omit<PingSummary, 'output'> {
  const replies = output
    .split('\n')
    .map((l) => REPLY.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ from: m[1] as string, seq: Number(m[2]), ttl: Number(m[3]), ms: Number(m[4]) }));
  const stats = /(\d+) packets transmitted, (\d+) received/.exec(output);
  const rtt = /= ([\d.]+)\/([\d.]+)\/([\d.]+)\//.exec(output);
  const transmitted = stats ? Number(stats[1]) : 0;
  const received = stats ? Number(stats[2]) : replies.length;
  return {
    transmitted,
    received,
    lossPercent: transmitted ? Math.round(((transmitted - received) / transmitted) * 1000) / 10 : 100,
    ...(rtt ? { rttMinMs: Number(rtt[1]), rttAvgMs: Number(rtt[2]), rttMaxMs: Number(rtt[3]) } : {}),
    replies,
  };
}

export async function ping(
  t: Target,
  p: { host: string; count: number; intervalMs: number; timeoutMs: number },
  io: CallIo,
): Promise<PingSummary> {
  const deadline = Math.max(1, Math.ceil(p.timeoutMs / 1000));
  const address = await probeAddress(t, p.host, p.timeoutMs);
  if (address !== p.host) io.emit(`${p.host} is ${address} for ${t.label}`);
  const argv = inTarget(t, [
    'ping',
    '-n',
    '-c',
    String(p.count),
    '-i',
    String(p.intervalMs / 1000),
    '-W',
    String(deadline),
    address,
  ]);
  const run = await runStreaming(argv, {
    timeoutMs: p.timeoutMs + 2000,
    cancelled: io.cancelled,
    onLine: (l) => io.emit(l),
  });
  if (/unknown host|usage|invalid/i.test(run.stderr))
    throw EngineError.invalid(`ping ${p.host} from ${t.label} failed: ${run.stderr.trim()}`);
  // "connect: Network is unreachable" (internal networks) is an answer, not a failure: zero replies.
  for (const l of run.stderr.split('\n')) if (l.trim()) io.emit(l.trim());
  return { ...parsePing(run.stdout), output: run.stdout + run.stderr };
}
