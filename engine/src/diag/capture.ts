import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CallIo } from '../daemon/handlers';
import { EngineError } from '../errors';
import type { EngineContext } from '../ops/context';
import { runStreaming } from './spawn';
import type { Target } from './target';
import { inTarget } from './target';

/** tcpdump in the target namespace, stopped by packet count or time, written to a pcap file. */
export async function capture(
  ctx: EngineContext,
  t: Target,
  p: { iface: string; maxPackets: number; maxSeconds: number; filter: string[]; inlineMaxBytes: number },
  io: CallIo,
) {
  await mkdir(t.captureDir, { recursive: true, mode: 0o700 });
  const file = join(t.captureDir, `capture-${Date.now()}-${randomBytes(3).toString('hex')}.pcap`);
  const argv = inTarget(t, [
    'tcpdump',
    '-n',
    '-U',
    '-i',
    p.iface,
    '-c',
    String(p.maxPackets),
    '-w',
    file,
    '--', // filter words are never options
    ...p.filter,
  ]);
  const run = await runStreaming(argv, {
    timeoutMs: p.maxSeconds * 1000,
    cancelled: io.cancelled,
    onLine: (l) => io.emit(l),
    stderrLines: true,
  });
  const size = await stat(file)
    .then((s) => s.size)
    .catch(() => -1);
  if (size < 0) throw EngineError.invalid(`capture in ${t.label} failed: ${run.stderr.trim()}`);
  const packets = Number(/(\d+) packets? captured/.exec(run.stderr)?.[1] ?? 0);
  ctx.log.info('capture written', { file, packets, target: t.label });
  const inline = size <= p.inlineMaxBytes ? (await readFile(file)).toString('base64') : undefined;
  return { file, bytes: size, packets, ...(inline !== undefined ? { base64: inline } : {}) };
}
