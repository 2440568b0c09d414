import { runnerSysctl } from '../exec/sysctl';
import { syncForwarding } from '../host/forwarding';
import type { EngineContext } from '../engine-context';

/**
 * Host forwarding as the store's networks need it (host/forwarding.ts), through the runner (in-process
 * /proc/sys commands: exec/sysctl.ts), logged. Before the
 * state write of the same operation, so the record of a changed sysctl is saved with the network that
 * needed it, and the firewall's guard (which reads the record) goes in with the same sync.
 */
export async function syncHostForwarding(ctx: EngineContext): Promise<void> {
  const r = await syncForwarding(ctx.store.state, ctx.naming, runnerSysctl(ctx.runner));
  if (Object.keys(r.set).length > 0) ctx.log.info('host sysctls set', { set: r.set });
  if (Object.keys(r.restored).length > 0) ctx.log.info('host sysctls restored', { restored: r.restored });
  if (r.failed.length > 0)
    ctx.log.warn('could not write host sysctls (read-only /proc/sys?)', { paths: r.failed });
}
