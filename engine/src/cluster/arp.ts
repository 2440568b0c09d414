import { existsSync } from 'node:fs';
import type { EndpointRecord, SandboxRecord } from '../model/types';
import type { EngineContext } from '../engine-context';

const ARPING = ['/usr/sbin/arping', '/usr/bin/arping'].find((p) => existsSync(p));

/**
 * One unsolicited ARP from the new endpoint (iputils `arping -U`), so neighbours on this host that asked
 * for its address before it was up learn it now instead of waiting for their 1 s ARP retry. Not awaited:
 * the announcement does not wait for it. Without arping (package iputils-arping) it is skipped, once said.
 */
export function announceArp(ctx: EngineContext, sb: SandboxRecord, ep: EndpointRecord): void {
  if (!ep.ipv4) return;
  if (!ARPING) {
    if (!warned) ctx.log.warn('arping not found (apt-get install iputils-arping): no gratuitous ARP on join');
    warned = true;
    return;
  }
  void ctx.runner
    .run({
      argv: [ARPING, '-U', '-c', '1', '-w', '1', '-I', ep.ifname, ep.ipv4],
      netns: sb.netns,
      timeoutMs: 3_000,
    })
    .catch(() => undefined);
}
let warned = false;
