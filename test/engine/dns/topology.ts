// A small world for the DNS tests: a "host" namespace with one bridge per network (its gateway address is
// where the DNS server listens), sandbox namespaces attached to them by veth pairs, and an upstream
// namespace for the stub resolver. Everything lives in namespaces the test creates and deletes.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNetns,
  startBackground,
  uniqueName,
  vethPair,
  waitFor,
  type Background,
  type Netns,
} from './harness';

export interface TopoNetwork {
  name: string;
  /** /24 prefix such as "10.201.0"; the gateway is .1. */
  prefix: string;
}

export interface TopoSandbox {
  name: string;
  /** network name -> last octet of the sandbox's address on it. */
  on: Record<string, number>;
}

export interface Topology {
  host: Netns;
  sandboxes: Map<string, Netns>;
  /** `${sandbox}/${network}` -> the sandbox's interface on that network. */
  devices: Map<string, string>;
  /** network name -> its bridge in the host namespace. */
  bridges: Map<string, string>;
  namespaces: Netns[];
  dir: string;
  cleanup(): Promise<void>;
}

export async function buildTopology(networks: TopoNetwork[], sandboxes: TopoSandbox[]): Promise<Topology> {
  const namespaces: Netns[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sy-dns-'));
  const topo: Topology = {
    host: await createNetns('sy-dnsh'),
    sandboxes: new Map(),
    devices: new Map(),
    bridges: new Map(),
    namespaces,
    dir,
    async cleanup() {
      for (const ns of namespaces.reverse()) await ns.delete();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  namespaces.push(topo.host);
  try {
    const bridges = topo.bridges;
    for (const net of networks) {
      const br = uniqueName('br');
      bridges.set(net.name, br);
      await topo.host.execOk(['ip', 'link', 'add', br, 'type', 'bridge']);
      await topo.host.execOk(['ip', 'addr', 'add', `${net.prefix}.1/24`, 'dev', br]);
      await topo.host.execOk(['ip', 'link', 'set', br, 'up']);
    }
    for (const sb of sandboxes) {
      const ns = await createNetns(`sy-dns${sb.name.slice(0, 3)}`);
      namespaces.push(ns);
      topo.sandboxes.set(sb.name, ns);
      for (const [netName, octet] of Object.entries(sb.on)) {
        const net = networks.find((n) => n.name === netName);
        const br = bridges.get(netName);
        if (!net || !br) throw new Error(`sandbox ${sb.name}: unknown network ${netName}`);
        const { hostEnd, peer } = await vethPair(topo.host, ns, `${net.prefix}.${octet}/24`);
        await topo.host.execOk(['ip', 'link', 'set', hostEnd, 'master', br]);
        topo.devices.set(`${sb.name}/${netName}`, peer);
      }
    }
    return topo;
  } catch (err) {
    await topo.cleanup();
    throw err;
  }
}

/** Starts `node --import tsx SCRIPT ...args` inside `ns` and waits until it prints `ready`. */
export async function startInNetns(
  ns: Netns,
  script: string,
  args: string[],
  ready: string,
): Promise<Background> {
  const bg = startBackground(ns.argv([process.execPath, '--import', 'tsx', script, ...args]));
  try {
    const state = await waitFor(
      () => (bg.output().includes(ready) ? 'ready' : bg.exited() && 'exited'),
      20_000,
      { what: `${script} to print ${ready}` },
    );
    if (state === 'exited') throw new Error(`${script} exited before it was ready:\n${bg.output()}`);
  } catch (err) {
    await bg.stop('SIGKILL');
    throw err;
  }
  return bg;
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

export interface DigResult {
  status: string;
  flags: string[];
  answers: { name: string; ttl: number; type: string; data: string }[];
  raw: string;
}

/** Runs dig inside `ns` (never against the machine's resolvers: the server is always explicit). */
export async function dig(ns: Netns, server: string, args: string[]): Promise<DigResult[]> {
  const out = await ns.execOk([
    'dig',
    `@${server}`,
    '+time=3',
    '+tries=1',
    '+nocmd',
    '+noquestion',
    '+nostats',
    ...args,
  ]);
  return out
    .split(/(?=;; Got answer:)/)
    .filter((block) => block.includes('->>HEADER<<-'))
    .map(parseDig);
}

function parseDig(raw: string): DigResult {
  const status = /status: (\w+)/.exec(raw)?.[1] ?? 'NONE';
  const flags = (/;; flags: ([a-z ]+);/.exec(raw)?.[1] ?? '').trim().split(/\s+/);
  const answerSection = raw.split(';; ANSWER SECTION:')[1]?.split(/\n\s*\n/)[0] ?? '';
  const answers = answerSection
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith(';'))
    .map((l) => {
      const [name = '', ttl = '0', , type = '', ...data] = l.trim().split(/\s+/);
      return { name, ttl: Number(ttl), type, data: data.join(' ') };
    });
  return { status, flags, answers, raw };
}
