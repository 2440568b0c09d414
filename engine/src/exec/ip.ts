import { z } from 'zod';
import type { Command, Runner } from './command';
import { check } from './command';

/**
 * Kernel changes as one `ip -batch` job (about 5x faster than one `ip` per step), answered by the long-lived
 * `ip` session of that namespace when it is free: no fork and exec per operation (3-4 ms of a connect's 8).
 * The first failing line ends the job (and that session: `ip` exits, as a one-shot batch would). `-o`: each
 * link on one line, so the session's end line (`link show dev lo`: index 1 in every namespace) is one line.
 * Jobs must not print the loopback link themselves.
 */
export function ipBatch(lines: string[], netns?: string): Command {
  const argv = netns ? ['ip', '-n', netns, '-o', '-batch', '-'] : ['ip', '-o', '-batch', '-'];
  const session = { key: netns ?? '', end: 'link show dev lo', mark: '1: lo: ', idleMs: IP_SESSION_IDLE_MS };
  return { argv, stdin: lines.join('\n') + '\n', session };
}

/** How long an idle `ip` session lives (about 200 kB of memory each, at most 8 per spawn thread). */
export const IP_SESSION_IDLE_MS = 20_000;

/**
 * `ip -batch` with `-force`, a process of its own: keeps going past errors (teardown and reconcile, which must
 * be idempotent; a link deletion waits for the kernel's RCU grace period, so it must not hold a session).
 */
export function ipBatchForce(lines: string[], netns?: string): Command {
  const argv = netns ? ['ip', '-n', netns, '-force', '-batch', '-'] : ['ip', '-force', '-batch', '-'];
  return { argv, stdin: lines.join('\n') + '\n' };
}

/** Ends our sessions inside a namespace (`ip`, and `nft` if any) before it is deleted: they would keep it alive. */
export async function releaseNetns(runner: Runner, netns: string): Promise<void> {
  await Promise.all([runner.release?.(netns), runner.release?.(`nft:${netns}`)]);
}

const LinkSchema = z.looseObject({
  ifindex: z.number(),
  ifname: z.string(),
  flags: z.array(z.string()).default([]),
  mtu: z.number().optional(),
  operstate: z.string().optional(),
  master: z.string().optional(),
  address: z.string().optional(),
  link_type: z.string().optional(),
  linkinfo: z.looseObject({ info_kind: z.string().optional() }).optional(),
});
export type IpLink = z.infer<typeof LinkSchema>;

const AddrInfoSchema = z.looseObject({ family: z.string(), local: z.string(), prefixlen: z.number() });
const AddrSchema = z.looseObject({ ifname: z.string(), addr_info: z.array(AddrInfoSchema).default([]) });
export type IpAddr = z.infer<typeof AddrSchema>;

const RouteSchema = z.looseObject({
  dst: z.string(),
  dev: z.string().optional(),
  gateway: z.string().optional(),
  prefsrc: z.string().optional(),
  protocol: z.string().optional(),
  scope: z.string().optional(),
});
export type IpRoute = z.infer<typeof RouteSchema>;

async function ipJson<T>(runner: Runner, schema: z.ZodType<T>, args: string[], netns?: string): Promise<T> {
  const argv = netns ? ['ip', '-n', netns, '-json', ...args] : ['ip', '-json', ...args];
  const { stdout } = await check(runner, { argv });
  const text = stdout.trim() === '' ? '[]' : stdout;
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`unexpected output of ip ${args.join(' ')}: ${parsed.error.message}`);
  return parsed.data;
}

export const listLinks = (r: Runner, netns?: string) =>
  ipJson(r, z.array(LinkSchema), ['-details', 'link', 'show'], netns);
export const listAddrs = (r: Runner, netns?: string) =>
  ipJson(r, z.array(AddrSchema), ['addr', 'show'], netns);
export const listRoutes = (r: Runner, family: '-4' | '-6' = '-4', netns?: string) =>
  ipJson(r, z.array(RouteSchema), [family, 'route', 'show'], netns);

/** Named network namespaces (`ip -json netns list`); the output is empty when there are none. */
export const listNetns = async (r: Runner): Promise<string[]> =>
  (await ipJson(r, z.array(z.looseObject({ name: z.string() })), ['netns', 'list'])).map((n) => n.name);
