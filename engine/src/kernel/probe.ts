import { readFile } from 'node:fs/promises';
import type { KernelInfo } from '@switchyard/protocol';
import type { Runner } from '../exec/command';
import { ipBatchForce, ipLine } from '../exec/ip';
import { ESP_PROBE_ARGS, NETDEV_FWD_PROBE, featuresFrom, linkProbeLines } from './features';

/**
 * Finds what this kernel offers by trying it, not by reading module lists (a kernel may have everything built
 * in and no /proc/modules, as this one): every link kind and an ESP state are created inside a throwaway
 * namespace (`<prefix>-sb-kprobe`, so a kill -9 mid-probe leaves a namespace reconcile removes), which is then
 * deleted with all of it. Five processes at daemon start; nothing changes in the engine's own namespace
 * (on a kernel with loadable modules the tries may load them, as Docker's own link creation would).
 */
export async function probeKernel(runner: Runner, prefix: string): Promise<KernelInfo> {
  const ns = `${prefix}-sb-kprobe`;
  const release = (await readFile('/proc/sys/kernel/osrelease', 'utf8').catch(() => 'unknown')).trim();
  await runner.run(ipBatchForce([ipLine`netns del ${ns}`, ipLine`netns add ${ns}`]));
  try {
    const links = await runner.run(ipBatchForce(linkProbeLines(), ns));
    const esp = await runner.run({ argv: ['ip', '-n', ns, ...ESP_PROBE_ARGS] });
    const espError =
      esp.exitCode === 0
        ? undefined
        : (esp.stderr.trim().split('\n')[0] ?? '').replace(/^Error: /, '') || 'failed';
    // The overlay's bridge bypass (drivers/overlay-bypass.ts): a netdev ingress chain with `fwd to`.
    const fwd = await runner.run({ argv: ['nft', '-f', '-'], stdin: NETDEV_FWD_PROBE, netns: ns });
    const fwdError =
      fwd.exitCode === 0
        ? undefined
        : (fwd.stderr.trim().split('\n')[0] ?? '').replace(/^Error: /, '') || `nft exited ${fwd.exitCode}`;
    const linkErrors = links.stderr.replace(/^Error: /gm, '');
    return { release, features: featuresFrom(linkErrors, espError, fwdError) };
  } finally {
    await runner.run(ipBatchForce([ipLine`netns del ${ns}`]));
  }
}
