// Process and namespace helpers for the DNS tests and benchmark, on top of the shared test/support
// modules (argument arrays only; every namespace and process remembered, so cleanup, or the exit hook
// after a crash, removes exactly what this process made). Kept as thin wrappers because the tests and
// bench/dns call them with positional timeouts.
import { isCI as supportIsCI, isRoot as supportIsRoot, which as supportWhich } from '../../support/env';
import { createNetns as supportCreateNetns, uniqueName as supportUniqueName } from '../../support/netns';
import {
  run as supportRun,
  runOk as supportRunOk,
  startBackground as supportStart,
} from '../../support/proc';
import type { Background, RunResult } from '../../support/proc';

export type { Background, RunResult };

export function run(argv: readonly string[], timeoutMs = 120_000, input?: string): Promise<RunResult> {
  return supportRun(argv, { timeoutMs, input });
}

export function runOk(argv: readonly string[], timeoutMs?: number, input?: string): Promise<string> {
  return supportRunOk(argv, { timeoutMs, input });
}

export const which = (name: string): boolean => supportWhich(name) !== undefined;
export const isRoot = supportIsRoot;
export const isCI = supportIsCI;

/** The test tree's one poller: `waitFor(fn, timeoutMs, { what })`. */
export { waitFor } from '../../support/wait';

export interface Netns {
  name: string;
  argv(cmd: readonly string[]): string[];
  execOk(cmd: readonly string[], timeoutMs?: number): Promise<string>;
  delete(): Promise<void>;
}

export async function createNetns(prefix: string): Promise<Netns> {
  const ns = await supportCreateNetns(prefix);
  return {
    name: ns.name,
    argv: (cmd) => ns.argv(cmd),
    execOk: (cmd, timeoutMs) => ns.execOk(cmd, { timeoutMs }),
    delete: () => ns.delete(),
  };
}

export const uniqueName = (prefix: string, max = 15): string => supportUniqueName(prefix, max);

/** Starts a process we own; stop() kills that PID only and waits for it. */
export const startBackground = (argv: readonly string[]): Background => supportStart(argv);

/**
 * A veth pair from `a` to `b`, created inside `a` (test/support's createVethPair starts in the root
 * namespace; these tests never touch it).
 */
export async function vethPair(
  a: Netns,
  b: Netns,
  bAddress: string,
): Promise<{ hostEnd: string; peer: string }> {
  const hostEnd = uniqueName('vh');
  const peer = uniqueName('vp');
  await a.execOk(['ip', 'link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', peer, 'netns', b.name]);
  await b.execOk(['ip', 'addr', 'add', bAddress, 'dev', peer]);
  await b.execOk(['ip', 'link', 'set', peer, 'up']);
  await a.execOk(['ip', 'link', 'set', hostEnd, 'up']);
  return { hostEnd, peer };
}
