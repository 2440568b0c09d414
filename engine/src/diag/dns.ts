import { z } from 'zod';
import { EngineError } from '../errors';
import { runStreaming } from './spawn';
import type { Target } from './target';
import { inTarget } from './target';
import { readTargetEtc } from './container-file';

/** This very program (bundle or tsx entry), so a probe can run our own code inside another namespace. */
export const selfArgv = (): string[] => [process.execPath, ...process.execArgv, process.argv[1] as string];

const ResultSchema = z.object({
  rcode: z.string(),
  answers: z.array(z.object({ name: z.string(), type: z.string(), ttl: z.number(), data: z.string() })),
  elapsedMs: z.number(),
});

/**
 * Resolves a name the way the target does: with the engine's DNS codec (engine/src/dns), run inside the
 * target's namespace against the first nameserver of its own resolv.conf (127.0.0.11 for our sandboxes).
 */
export async function dnsLookup(t: Target, p: { name: string; type: string; timeoutMs: number }) {
  let refused = '';
  const resolv = await readTargetEtc(t, t.resolvConf, 'resolv.conf', (why) => (refused = `: ${why}`));
  const server = /^\s*nameserver\s+(\S+)/m.exec(resolv)?.[1];
  if (!server) throw EngineError.invalid(`${t.label} has no nameserver in ${t.resolvConf}${refused}`);
  const query = JSON.stringify({
    server,
    name: p.name,
    type: p.type,
    timeoutMs: Math.min(p.timeoutMs, 2000),
  });
  const run = await runStreaming(inTarget(t, [...selfArgv(), '__dns-query', query]), {
    timeoutMs: p.timeoutMs + 5000,
  });
  const text = run.stdout.trim();
  if (run.exitCode !== 0 || !text)
    throw EngineError.invalid(
      `dns lookup of ${p.name} from ${t.label} failed: ${run.stderr.trim() || 'no answer'}`,
    );
  const r = ResultSchema.parse(JSON.parse(text));
  return { server, status: r.rcode, answers: r.answers, ms: Math.round(r.elapsedMs * 1000) / 1000 };
}
