import { NetworkCreateParamsSchema } from '@switchyard/protocol';
import type { EngineContext } from '../engine-context';
import { createNetwork } from './network-ops';

/** Docker's three pre-defined networks: `bridge` (no name resolution), `host` and `none`. */
export async function ensurePredefined(ctx: EngineContext): Promise<void> {
  const have = new Set(ctx.store.state.networks.map((n) => n.name));
  for (const [name, driver] of [
    ['bridge', 'bridge'],
    ['host', 'host'],
    ['none', 'null'],
  ] as const) {
    if (have.has(name)) continue;
    const params = NetworkCreateParamsSchema.parse({
      name,
      driver,
      labels: { 'switchyard.predefined': 'true' },
      options: driver === 'bridge' ? { 'com.docker.network.bridge.default_bridge': 'true' } : {},
    });
    await createNetwork(ctx, params);
  }
}
