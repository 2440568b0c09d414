import type { ExecResult } from '@switchyard/protocol';
import type { EngineContext } from '../engine-context';
import type { SandboxRecord } from '../model/types';

/** stdout plus stderr of `sandbox exec` (beyond it the command is killed and stderr says so). */
export const EXEC_MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * Runs a command inside the sandbox: `ip netns exec` (not nsenter) so the sandbox's own /etc/hosts,
 * /etc/resolv.conf and hostname files from /etc/netns/<ns>/ are bind-mounted over /etc.
 */
export async function execInSandbox(
  ctx: EngineContext,
  sb: SandboxRecord,
  p: { argv: string[]; timeoutMs: number; stdin?: string },
): Promise<ExecResult> {
  const argv = sb.mode === 'host' ? p.argv : ['ip', 'netns', 'exec', sb.netns, ...p.argv];
  // The output travels back in one RPC answer: bounded below the RPC's own message limit.
  return ctx.runner.run({
    argv,
    stdin: p.stdin,
    timeoutMs: p.timeoutMs,
    maxOutputBytes: EXEC_MAX_OUTPUT_BYTES,
  });
}
