import type { ExecResult } from '@switchyard/protocol';
import type { EngineContext } from '../ops/context';
import type { SandboxRecord } from '../model/types';

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
  return ctx.runner.run({ argv, stdin: p.stdin, timeoutMs: p.timeoutMs });
}
