import type { Runner } from '../exec/command';
import { check } from '../exec/command';
import { ipBatch, ipBatchForce, ipLine, isSafeValue, releaseNetns } from '../exec/ip';

/** A fresh namespace with loopback up (two `ip` processes: add, then configure inside). */
export async function createNetns(runner: Runner, name: string): Promise<void> {
  await check(runner, ipBatch([ipLine`netns add ${name}`]));
  try {
    await check(runner, ipBatch([ipLine`link set lo up`], name));
  } catch (e) {
    await deleteNetns(runner, name);
    throw e;
  }
}

/**
 * Idempotent: a namespace that is already gone is fine. Host-side veth ends are deleted first, and our `ip`
 * session inside it ends before (a process inside a namespace keeps it, and its links, alive).
 */
export async function deleteNetns(
  runner: Runner,
  name: string,
  hostLinks: string[] = [],
  insideLinks: string[] = [],
): Promise<void> {
  await releaseNetns(runner, name);
  // A name the kernel could never have (a corrupted record) names no link: skipped, so `rm` still works.
  const inside = insideLinks.filter(isSafeValue);
  if (inside.length > 0 && isSafeValue(name))
    await runner.run(
      ipBatchForce(
        inside.map((l) => ipLine`link del ${l}`),
        name,
      ),
    );
  const links = hostLinks.filter(isSafeValue);
  const ns = isSafeValue(name) ? [ipLine`netns del ${name}`] : [];
  await runner.run(ipBatchForce([...links.map((l) => ipLine`link del ${l}`), ...ns]));
}
