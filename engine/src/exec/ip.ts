import { z } from 'zod';
import { EngineErrorCode } from '@switchyard/protocol';
import { EngineError } from '../errors';
import type { Command, Runner } from './command';
import { check } from './command';

/**
 * One line of an `ip -batch` job, only made by `ipLine`: the template's literal text is ours, every value
 * put into it was checked. `ip` splits a batch line at whitespace, reads `#` as a comment and a newline as
 * the next command, so a value carrying one of those (an IPv6 zone such as `x\nlink del dev eth0 #`, a
 * name) would add commands of its own.
 */
const MADE_BY_IP_LINE: unique symbol = Symbol('ipLine');
export class BatchLine {
  constructor(
    token: typeof MADE_BY_IP_LINE,
    readonly text: string,
  ) {
    if (token !== MADE_BY_IP_LINE) throw new Error('batch lines are made by ipLine only');
  }
}

/** Characters no value in a batch line may hold: whitespace, comment, separators, quotes, escapes, NUL. */
const UNSAFE_VALUE = /[\s#;"'\\\0]/;
/** What no whole line may hold (a second command or a comment), whatever made it. */
const UNSAFE_LINE = /[\n\r\0#;]/;

const describe = (v: string): string => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);

/** Thrown when a value would change the meaning of a batch line; nothing has run. */
export class BatchValueError extends EngineError {
  constructor(value: string, line: string) {
    super(
      EngineErrorCode.InvalidParams,
      `refusing ${describe(value)} in an ip batch line (${describe(line)}): a value may not be empty or ` +
        `hold whitespace, '#', ';', quotes, backslashes or newlines`,
      'invalid',
    );
  }
}

type LineValue = string | number | BatchLine | readonly BatchLine[];

/**
 * The one way to write a batch line: `ipLine\`addr add ${addr}/${len} dev ${br}\``. A value that is itself
 * a line (or a list of lines, joined by a space) was checked when it was made.
 */
export function ipLine(parts: TemplateStringsArray, ...values: LineValue[]): BatchLine {
  let text = parts[0] ?? '';
  const raw = () => parts.join('…');
  values.forEach((v, i) => {
    let piece: string;
    if (v instanceof BatchLine) piece = v.text;
    else if (Array.isArray(v)) piece = (v as readonly BatchLine[]).map((l) => l.text).join(' ');
    else {
      piece = String(v);
      if (piece === '' || UNSAFE_VALUE.test(piece)) throw new BatchValueError(piece, raw());
    }
    text += piece + (parts[i + 1] ?? '');
  });
  return new BatchLine(MADE_BY_IP_LINE, text);
}

/** Whether `v` may go into a batch line as a value (kernel names never hold what this refuses). */
export const isSafeValue = (v: string): boolean => v !== '' && !UNSAFE_VALUE.test(v);

/** A line from words, each checked as a value (for lines assembled from data, e.g. in tests). */
export function ipWords(...words: (string | number)[]): BatchLine {
  for (const w of words)
    if (String(w) === '' || UNSAFE_VALUE.test(String(w)))
      throw new BatchValueError(String(w), words.join(' '));
  return new BatchLine(MADE_BY_IP_LINE, words.join(' '));
}

/** Joins lines into a batch's stdin, checking each once more as a whole (a line is one command). */
export function batchText(lines: readonly BatchLine[]): string {
  for (const l of lines) {
    if (!(l instanceof BatchLine)) throw new BatchValueError(String(l), String(l));
    if (UNSAFE_LINE.test(l.text)) throw new BatchValueError(l.text, l.text);
  }
  return lines.map((l) => l.text).join('\n') + '\n';
}

/**
 * Kernel changes as one `ip -batch` job (about 5x faster than one `ip` per step), answered by the long-lived
 * `ip` session of that namespace when it is free: no fork and exec per operation (3-4 ms of a connect's 8).
 * The first failing line ends the job (and that session: `ip` exits, as a one-shot batch would). `-o`: each
 * link on one line, so the session's end line (`link show dev lo`: index 1 in every namespace) is one line.
 * Jobs must not print the loopback link themselves.
 */
export function ipBatch(lines: readonly BatchLine[], netns?: string): Command {
  const argv = netns ? ['ip', '-n', netns, '-o', '-batch', '-'] : ['ip', '-o', '-batch', '-'];
  const session = { key: netns ?? '', end: 'link show dev lo', mark: '1: lo: ', idleMs: IP_SESSION_IDLE_MS };
  return { argv, stdin: batchText(lines), session };
}

/** How long an idle `ip` session lives (about 200 kB of memory each, at most 8 per spawn thread). */
export const IP_SESSION_IDLE_MS = 20_000;

/**
 * `ip -batch` with `-force`, a process of its own: keeps going past errors (teardown and reconcile, which must
 * be idempotent; a link deletion waits for the kernel's RCU grace period, so it must not hold a session).
 */
export function ipBatchForce(lines: readonly BatchLine[], netns?: string): Command {
  const argv = netns ? ['ip', '-n', netns, '-force', '-batch', '-'] : ['ip', '-force', '-batch', '-'];
  return { argv, stdin: batchText(lines) };
}

/** The key of the `bridge` session of a namespace (exec/bridge.ts). */
export const bridgeSession = (netns?: string): string => `bridge:${netns ?? ''}`;

/** Ends our sessions inside a namespace (`ip`, and `nft` and `bridge` if any) before it is deleted: they would keep it alive. */
export async function releaseNetns(runner: Runner, netns: string): Promise<void> {
  await Promise.all([
    runner.release?.(netns),
    runner.release?.(`nft:${netns}`),
    runner.release?.(bridgeSession(netns)),
  ]);
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
const AddrSchema = z.looseObject({
  ifname: z.string(),
  mtu: z.number().optional(),
  addr_info: z.array(AddrInfoSchema).default([]),
});
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
/** One link (`ip -json link show dev X`), or an error naming it when it is not there. */
export async function showLink(r: Runner, dev: string, netns?: string): Promise<IpLink> {
  const [link] = await ipJson(r, z.array(LinkSchema), ['link', 'show', 'dev', dev], netns);
  if (!link) throw new Error(`link ${dev} not found by ip -json link show`);
  return link;
}
export const listAddrs = (r: Runner, netns?: string) =>
  ipJson(r, z.array(AddrSchema), ['addr', 'show'], netns);
export const listRoutes = (r: Runner, family: '-4' | '-6' = '-4', netns?: string) =>
  ipJson(r, z.array(RouteSchema), [family, 'route', 'show'], netns);

/** Named network namespaces (`ip -json netns list`); the output is empty when there are none. */
export const listNetns = async (r: Runner): Promise<string[]> =>
  (await ipJson(r, z.array(z.looseObject({ name: z.string() })), ['netns', 'list'])).map((n) => n.name);
