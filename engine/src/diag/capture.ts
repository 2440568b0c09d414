import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EngineError } from '../errors';
import type { CallIo, EngineContext } from '../engine-context';
import { runStreaming } from './spawn';
import type { Target } from './target';
import { inTarget } from './target';
import { CAPTURE_LIMITS, pruneCaptures, whenLarger } from './capture-files';

/** tcpdump in the target namespace, stopped by packet count or time, written to a pcap file. */
export async function capture(
  ctx: EngineContext,
  t: Target,
  p: { iface: string; maxPackets: number; maxSeconds: number; filter: string[]; inlineMaxBytes: number },
  io: CallIo,
) {
  await mkdir(t.captureDir, { recursive: true, mode: 0o700 });
  // Captures are kept for download, within bounds: the oldest go first (count, total size, age).
  const pruned = await pruneCaptures(t.captureDir, CAPTURE_LIMITS, 1);
  if (pruned.length > 0) ctx.log.info('old captures removed', { files: pruned.length, dir: t.captureDir });
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
  let finished!: () => void;
  const over = whenLarger(file, CAPTURE_LIMITS.maxFileBytes, new Promise<void>((r) => (finished = r)));
  let tooLarge = false;
  const run = await runStreaming(argv, {
    timeoutMs: p.maxSeconds * 1000,
    cancelled: Promise.race([io.cancelled, over.then(() => void (tooLarge = true))]),
    onLine: (l) => io.emit(l),
    stderrLines: true,
  });
  finished();
  if (tooLarge)
    io.emit(
      `capture stopped: the file reached ${CAPTURE_LIMITS.maxFileBytes} bytes (the limit of one capture)`,
    );
  const size = await stat(file)
    .then((s) => s.size)
    .catch(() => -1);
  if (size < 0) throw EngineError.invalid(`capture in ${t.label} failed: ${run.stderr.trim()}`);
  const packets = Number(/(\d+) packets? captured/.exec(run.stderr)?.[1] ?? 0);
  ctx.log.info('capture written', { file, packets, target: t.label });
  const inline = size <= p.inlineMaxBytes ? (await readFile(file)).toString('base64') : undefined;
  return { file, bytes: size, packets, ...(inline !== undefined ? { base64: inline } : {}) };
}
