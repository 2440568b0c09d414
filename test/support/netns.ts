// Throwaway network namespaces for tests: unique names, veth pairs, commands inside them as argument arrays.
// Everything a test creates here is removed by ns.delete(); as a safety net, namespaces this process created
// and did not delete are removed when the process exits. The machine's root namespace is never changed,
// except for the root end of a veth pair that the caller asks for explicitly (it dies with its peer).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { run, runOk, type RunOptions, type RunResult } from './proc';

const IFNAMSIZ = 15; // longest Linux interface name
const live = new Set<string>();
let counter = 0;

/** A name no other test (in this or another process) uses: prefix + pid + counter + random, ≤ maxLen. */
export function uniqueName(prefix: string, maxLen = IFNAMSIZ): string {
  const tail = `${process.pid.toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;
  const head = prefix.replace(/[^a-zA-Z0-9-]/g, '').slice(0, Math.max(1, maxLen - tail.length));
  return `${head}${tail}`.slice(0, maxLen);
}

export interface Netns {
  readonly name: string;
  /** argv prefixed so it runs inside this namespace: ['ip', 'netns', 'exec', name, ...argv]. */
  argv(argv: readonly string[]): string[];
  exec(argv: readonly string[], options?: RunOptions): Promise<RunResult>;
  execOk(argv: readonly string[], options?: RunOptions): Promise<string>;
  /** Kills the processes left inside (all ours: the namespace is), then removes the namespace. Idempotent. */
  delete(): Promise<void>;
}

/** Creates a namespace with loopback up. Needs root. */
export async function createNetns(prefix = 'sy-t'): Promise<Netns> {
  const name = uniqueName(`${prefix}-`, 40);
  await runOk(['ip', 'netns', 'add', name]);
  live.add(name);
  const ns = netnsHandle(name);
  try {
    await ns.execOk(['ip', 'link', 'set', 'lo', 'up']);
  } catch (err) {
    await ns.delete();
    throw err;
  }
  return ns;
}

/** Creates a namespace and deletes it when the test (or suite) ends: `const ns = await netnsFor(t)`. */
export async function netnsFor(t: { after(fn: () => Promise<void>): void }, prefix?: string): Promise<Netns> {
  const ns = await createNetns(prefix);
  t.after(() => ns.delete());
  return ns;
}

function netnsHandle(name: string): Netns {
  const argv = (cmd: readonly string[]): string[] => ['ip', 'netns', 'exec', name, ...cmd];
  return {
    name,
    argv,
    exec: (cmd, options) => run(argv(cmd), options),
    execOk: (cmd, options) => runOk(argv(cmd), options),
    delete: () => deleteNetns(name),
  };
}

export async function deleteNetns(name: string): Promise<void> {
  const pids = await run(['ip', 'netns', 'pids', name]);
  for (const pid of pids.stdout.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const res = await run(['ip', 'netns', 'del', name]);
  if (res.code !== 0 && !/No such file|not found/i.test(res.stderr)) {
    throw new Error(`ip netns del ${name} failed: ${res.stderr.trim()}`);
  }
  live.delete(name);
}

/** Names of the namespaces that currently exist (for leak assertions). */
export async function listNetns(): Promise<string[]> {
  const out = await runOk(['ip', '-json', 'netns', 'list']);
  const parsed: unknown = out.trim() === '' ? [] : JSON.parse(out);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((e: unknown) =>
    typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? [e.name] : [],
  );
}

export interface VethEnd {
  /** Namespace for this end; omitted = the root namespace (only ever for an end the test owns). */
  ns?: Netns;
  /** Interface name; default a unique one. */
  name?: string;
  /** CIDR to assign, e.g. '10.99.0.1/24'. */
  address?: string;
}

/** Creates a veth pair, moves each end into its namespace, assigns the addresses and sets both ends up. */
export async function createVethPair(a: VethEnd, b: VethEnd): Promise<{ a: string; b: string }> {
  // Created in the root namespace under temporary names, then moved and renamed. `where` tracks where end A
  // is at each moment, so a failure deletes exactly the link we made (deleting one end removes both).
  const where = { ns: undefined as Netns | undefined, name: uniqueName('tva') };
  const tmpB = uniqueName('tvb');
  await runOk(['ip', 'link', 'add', where.name, 'type', 'veth', 'peer', 'name', tmpB]);
  const nameA = a.name ?? uniqueName('va');
  const nameB = b.name ?? uniqueName('vb');
  try {
    await placeEnd(where, nameA, a);
    await placeEnd({ ns: undefined, name: tmpB }, nameB, b);
  } catch (err) {
    await run(
      where.ns ? where.ns.argv(['ip', 'link', 'del', where.name]) : ['ip', 'link', 'del', where.name],
    );
    throw err;
  }
  return { a: nameA, b: nameB };
}

async function placeEnd(where: { ns: Netns | undefined; name: string }, name: string, end: VethEnd) {
  const inNs = (cmd: string[]): string[] => (end.ns ? end.ns.argv(cmd) : cmd);
  if (end.ns) {
    await runOk(['ip', 'link', 'set', where.name, 'netns', end.ns.name]);
    where.ns = end.ns;
  }
  await runOk(inNs(['ip', 'link', 'set', where.name, 'name', name]));
  where.name = name;
  if (end.address) await runOk(inNs(['ip', 'addr', 'add', end.address, 'dev', name]));
  await runOk(inNs(['ip', 'link', 'set', name, 'up']));
}

// Safety net: a test that crashed before its cleanup still leaves nothing behind.
process.on('exit', () => {
  for (const name of live) {
    const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    spawnSync('ip', ['netns', 'del', name]);
  }
});
