// The engine's operations as data: a whole EngineContext whose runner is a FakeRunner (a real store in a
// temp dir, the real drivers and firewall), so `network create`, `network rm`, `sandbox create` in every
// mode, `network connect` and `sandbox rm` are checked by the exact commands they would run, sysctls and
// /etc/netns files included, without root and without touching this machine's kernel or /etc.
// test/engine/ runs the same operations for real.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkCreateParamsSchema, SandboxCreateParamsSchema } from '@switchyard/protocol';
import { DriverRegistry } from '../../../../engine/src/drivers/registry';
import type { Command, CommandResult } from '../../../../engine/src/exec/command';
import { FakeRunner } from '../../../../engine/src/exec/fake-runner';
import { Firewall } from '../../../../engine/src/firewall/firewall';
import { Events } from '../../../../engine/src/log/events';
import { Logger } from '../../../../engine/src/log/logger';
import { Naming } from '../../../../engine/src/model/names';
import type { ClusterHook, EngineContext } from '../../../../engine/src/engine-context';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../../../../engine/src/model/types';
import { createNetwork, removeNetwork } from '../../../../engine/src/ops/network-ops';
import { createSandbox, removeSandbox } from '../../../../engine/src/ops/sandbox-ops';
import { connect, disconnect } from '../../../../engine/src/ops/endpoint-ops';
import { ensurePredefined } from '../../../../engine/src/ops/bootstrap';
import { reconcile } from '../../../../engine/src/ops/reconcile';
import { SparePool, retryDelay } from '../../../../engine/src/ops/spare-netns';
import { Store } from '../../../../engine/src/store/store';
import { DnsService } from '../../../../engine/src/discovery/service';

const dirs: string[] = [];
const contexts: EngineContext[] = [];
const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
  // A published port is a socket the engine holds (ports/reserve.ts): released, or the test never ends.
  for (const ctx of contexts)
    for (const held of ctx.ports.values()) await Promise.all(held.map((h) => h.release()));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** Polls (every 5 ms, 2 s at most) until `f` is true. */
const until = async (f: () => boolean) => {
  for (let t0 = Date.now(); !f(); await new Promise((r) => setTimeout(r, 5)))
    if (Date.now() - t0 > 2_000) throw new Error('not reached in 2 s');
};

/** The host's resolv.conf as the runner reads it: a loopback stub (never copied into a sandbox) and one more. */
const HOST_RESOLV = 'nameserver 127.0.0.53\nnameserver 192.0.2.53\nsearch lan\n';

/**
 * A kernel as data: /proc/sys values (forwarding off), one uplink, bridges at index 7, the host's
 * resolv.conf, and a hook to fail chosen commands.
 */
async function engine(fail: (c: Command) => Partial<CommandResult> | undefined = () => undefined) {
  const sysctl = new Map([['net/ipv4/ip_forward', '0']]);
  const r = new FakeRunner((c) => {
    const failed = fail(c);
    if (failed) return failed;
    const p = c.procSys;
    if (p?.op === 'read')
      return sysctl.has(p.path)
        ? { stdout: `${sysctl.get(p.path)}\n` }
        : { exitCode: 1, stderr: 'No such file' };
    if (p?.op === 'write') sysctl.set(p.path, p.value ?? '');
    if (p?.op === 'list') return { stdout: 'all\ndefault\nlo\neth0\n' };
    if (c.etcFile?.op === 'read' && c.etcFile.path === '/etc/resolv.conf') return { stdout: HOST_RESOLV };
    if (c.stdin?.includes('link show dev'))
      return { stdout: '7: bridge: <BROADCAST,MULTICAST,UP> mtu 1500\n' };
    if (c.argv.join(' ') === 'ip -json -details link show')
      return { stdout: JSON.stringify([{ ifindex: 2, ifname: 'eth0', mtu: 1500, link_type: 'ether' }]) };
    return {};
  });
  const naming = new Naming('t');
  const dir = mkdtempSync(join(tmpdir(), 'sy-ops-'));
  dirs.push(dir);
  const ctx: EngineContext = {
    runner: r,
    store: await Store.open(dir),
    naming,
    drivers: new DriverRegistry(r, naming),
    firewall: new Firewall(r, naming.table),
    log: new Logger('error', undefined, false),
    events: new Events(),
    ports: new Map(),
    captureDir: join(dir, 'captures'),
  };
  contexts.push(ctx);
  return { r, ctx, sysctl };
}

/** The commands as `argv` (and, for batches and sysctl writes, their stdin's first line). */
const argvs = (cs: Command[]) =>
  cs.map((c) => [c.argv.join(' '), c.stdin?.split('\n')[0]].filter(Boolean).join(' | '));
const bridgeParams = (name = 'front', subnet = '10.9.0.0/24') =>
  NetworkCreateParamsSchema.parse({ name, ipam: [{ subnet }] });

describe('network ops through the runner', () => {
  test('bridge create: forwarding read and turned on as data (and recorded), one ip batch, route_localnet, one nft transaction', async () => {
    const { r, ctx, sysctl } = await engine();
    const net = await createNetwork(ctx, bridgeParams());
    const br = ctx.naming.bridge(net.id);
    assert.deepEqual(argvs(r.calls), [
      'cat /proc/sys/net/ipv4/ip_forward',
      'tee /proc/sys/net/ipv4/ip_forward | 1',
      `ip -o -batch - | link add ${br} address 02:42:0a:09:00:01 type bridge`,
      'nft -f - | table inet switchyard_t',
      `tee /proc/sys/net/ipv4/conf/${br}/route_localnet | 1`,
      'iptables -w -S DOCKER-USER',
      'iptables-restore -w -n | *filter',
    ]);
    assert.equal(
      r.calls[2]?.stdin,
      [
        `link add ${br} address 02:42:0a:09:00:01 type bridge`,
        `link set ${br} mtu 1500`,
        `addr add 10.9.0.1/24 dev ${br}`,
        `link set ${br} up`,
        `link show dev ${br}`,
        '',
      ].join('\n'),
    );
    assert.match(
      r.calls[3]?.stdin ?? '',
      new RegExp(`set bridges \\{ type ifname; elements = \\{ "${br}" \\}`),
    );
    assert.equal(sysctl.get('net/ipv4/ip_forward'), '1');
    assert.deepEqual(
      ctx.store.state.hostSysctls,
      { 'net/ipv4/ip_forward': '0' },
      'the value before, to put back',
    );
  });

  test('a second network: forwarding already on, so no sysctl write; rm of the last one puts it back', async () => {
    const { r, ctx, sysctl } = await engine();
    await createNetwork(ctx, bridgeParams('a', '10.9.0.0/24'));
    r.calls.length = 0;
    const b = await createNetwork(ctx, bridgeParams('b', '10.9.1.0/24'));
    assert.deepEqual(
      argvs(r.calls).filter((a) => a.includes('/proc/sys/net/ipv4/ip_forward')),
      ['cat /proc/sys/net/ipv4/ip_forward'],
    );
    await removeNetwork(ctx, 'a');
    assert.equal(sysctl.get('net/ipv4/ip_forward'), '1', 'b still routes');
    r.calls.length = 0;
    await removeNetwork(ctx, 'b');
    assert.deepEqual(argvs(r.calls).slice(0, 3), [
      'cat /proc/sys/net/ipv4/ip_forward',
      'tee /proc/sys/net/ipv4/ip_forward | 0',
      `ip -force -batch - | link del ${ctx.naming.bridge(b.id)}`,
    ]);
    assert.equal(sysctl.get('net/ipv4/ip_forward'), '0');
    assert.deepEqual(ctx.store.state.hostSysctls, {});
  });

  test('the kernel refuses the bridge: record, bridge and forwarding are all undone, the error names the command', async () => {
    const { r, ctx, sysctl } = await engine((c) =>
      c.stdin?.includes('type bridge')
        ? { exitCode: 2, stderr: 'RTNETLINK answers: Operation not permitted' }
        : undefined,
    );
    await assert.rejects(
      createNetwork(ctx, bridgeParams()),
      /ip -o -batch - failed \(exit 2\): RTNETLINK answers: Operation not permitted/,
    );
    assert.deepEqual(ctx.store.state.networks, []);
    assert.equal(sysctl.get('net/ipv4/ip_forward'), '0');
    assert.deepEqual(ctx.store.state.hostSysctls, {});
    assert.ok(argvs(r.calls).some((a) => /^ip -force -batch - \| link del t-b[0-9a-f]{7}$/.test(a)));
  });

  test('internal bridge: no forwarding needed, none turned on', async () => {
    const { r, ctx } = await engine();
    await createNetwork(
      ctx,
      NetworkCreateParamsSchema.parse({ name: 'in', internal: true, ipam: [{ subnet: '10.9.2.0/24' }] }),
    );
    assert.ok(!argvs(r.calls).some((a) => a.startsWith('tee /proc/sys/net/ipv4/ip_forward')));
  });

  test('macvlan create: the parent read through the runner (ip -json), no bridge, no forwarding', async () => {
    const { r, ctx } = await engine();
    await createNetwork(
      ctx,
      NetworkCreateParamsSchema.parse({
        name: 'lan',
        driver: 'macvlan',
        options: { parent: 'eth0' },
        ipam: [{ subnet: '203.0.113.0/24' }],
      }),
    );
    const cmds = argvs(r.calls);
    assert.equal(cmds[0], 'ip -json -details link show');
    assert.ok(!cmds.some((a) => a.includes('type bridge') || a.includes('ip_forward | 1')), cmds.join('\n'));
  });

  test('host and none networks: nothing to run; a second one is refused before anything', async () => {
    const { r, ctx } = await engine();
    await createNetwork(ctx, NetworkCreateParamsSchema.parse({ name: 'host', driver: 'host' }));
    await createNetwork(ctx, NetworkCreateParamsSchema.parse({ name: 'none', driver: 'null' }));
    assert.ok(
      !argvs(r.calls).some((a) => a.startsWith('ip ') || a.startsWith('tee ')),
      argvs(r.calls).join('\n'),
    );
    r.calls.length = 0;
    await assert.rejects(
      createNetwork(ctx, NetworkCreateParamsSchema.parse({ name: 'h2', driver: 'host' })),
      /only one instance of "host" network is allowed/,
    );
    assert.equal(r.calls.length, 0);
  });
});

describe('sandbox ops through the runner', () => {
  test('host mode: no namespace, no link, no command at all', async () => {
    const { r, ctx } = await engine();
    await createSandbox(ctx, SandboxCreateParamsSchema.parse({ name: 'h', networks: ['host'] }));
    assert.deepEqual(argvs(r.calls), []);
  });

  test('none mode: one namespace with loopback; rm releases and deletes it', async () => {
    const { r, ctx } = await engine();
    const sb = await createSandbox(ctx, SandboxCreateParamsSchema.parse({ name: 'n', networks: ['none'] }));
    assert.equal(sb.mode, 'none');
    assert.deepEqual(argvs(r.calls), [
      `ip -o -batch - | netns add ${sb.netns}`,
      `ip -n ${sb.netns} -o -batch - | link set lo up`,
    ]);
    r.calls.length = 0;
    await removeSandbox(ctx, 'n');
    assert.ok(
      argvs(r.calls).some((a) => a.includes(`netns del ${sb.netns}`)),
      argvs(r.calls).join('\n'),
    );
  });

  test('container mode: shares the target namespace; nothing is run for it', async () => {
    const { r, ctx } = await engine();
    const target = await createSandbox(
      ctx,
      SandboxCreateParamsSchema.parse({ name: 't', networks: ['none'] }),
    );
    r.calls.length = 0;
    const sb = await createSandbox(
      ctx,
      SandboxCreateParamsSchema.parse({ name: 'c', networks: ['container:t'] }),
    );
    assert.equal(sb.mode, 'container');
    assert.equal(sb.netns, target.netns);
    assert.deepEqual(argvs(r.calls), []);
  });
});

/** The kernel's commands (everything but /etc files), each as `[netns] argv | every batch line`. */
const kernel = (cs: Command[]) =>
  cs
    .filter((c) => !c.etcFile)
    .map((c) =>
      [
        c.netns ? `[${c.netns}]` : '',
        c.argv.join(' '),
        c.stdin ? `| ${c.stdin.trim().split('\n').join('; ')}` : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
/** The /etc files, in the order written: `op path` and, for a write, its content. */
const etcFiles = (cs: Command[]) =>
  cs.flatMap((c) =>
    c.etcFile ? [[c.etcFile.op, c.etcFile.path, c.etcFile.content].filter((x) => x !== undefined)] : [],
  );
const HOSTS_HEAD =
  '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n' +
  'ff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n';
const EMBEDDED = 'nameserver 127.0.0.11\noptions ndots:0\n';

describe('bridge sandboxes through the runner: batches and /etc/netns files', () => {
  /**
   * Two user-defined bridges (embedded DNS) and a sandbox `web` on the first, publishing port 80 on a free
   * loopback port (the engine binds it for real: ports/reserve.ts).
   */
  async function webOnFront(answer: (c: Command) => Partial<CommandResult> | undefined = () => undefined) {
    const env = await engine(answer);
    const front = await createNetwork(env.ctx, bridgeParams('front', '10.9.0.0/24'));
    const back = await createNetwork(env.ctx, bridgeParams('back', '10.9.1.0/24'));
    env.r.calls.length = 0;
    const sb = await createSandbox(
      env.ctx,
      SandboxCreateParamsSchema.parse({ name: 'web', networks: ['front'], publish: ['127.0.0.1::80'] }),
    );
    const [ep] = env.ctx.store.state.endpoints.filter((e) => e.sandboxId === sb.id);
    assert.ok(ep);
    return { ...env, sb, ep, front, back, dir: `/etc/netns/${sb.netns}` };
  }

  test('create: one host batch (namespace, veth into the bridge, hairpin for the published port), one inside, the three files, one nft transaction', async () => {
    const { r, ctx, sb, ep, front, dir } = await webOnFront();
    const ns = sb.netns;
    const veth = ep.hostIfname;
    assert.equal(veth, ctx.naming.hostVeth(ep.id));
    assert.deepEqual(kernel(r.calls), [
      `ip -o -batch - | netns add ${ns}; ` +
        `link add ${veth} mtu 1500 master ${ctx.naming.bridge(front.id)} type veth peer name eth0 mtu 1500 address 02:42:0a:09:00:02 netns ${ns}; ` +
        `link set ${veth} type bridge_slave hairpin on; link set ${veth} up`,
      `ip -n ${ns} -o -batch - | link set lo up; addr add 10.9.0.2/24 dev eth0; link set eth0 up; ` +
        'route replace default via 10.9.0.1 dev eth0',
      'nft -f - | flush chain inet switchyard_t ports; ' +
        `add rule inet switchyard_t ports meta nfproto ipv4 ip daddr 127.0.0.1 tcp dport ${sb.ports[0]?.hostPort} dnat ip to 10.9.0.2:80`,
    ]);
    const hostname = sb.id.slice(0, 12);
    assert.deepEqual(etcFiles(r.calls), [
      ['mkdir', dir],
      ['write', `${dir}/hostname`, `${hostname}\n`],
      ['write', `${dir}/hosts`, `${HOSTS_HEAD}10.9.0.2\t${hostname}\n`],
      ['write', `${dir}/resolv.conf`, EMBEDDED],
    ]);
    assert.ok(
      !r.calls.some((c) => c.etcFile?.op === 'read'),
      'the embedded DNS needs nothing from the host resolv.conf',
    );
    // The argv each file command stands for, should it run as a process.
    assert.deepEqual(
      r.calls.filter((c) => c.etcFile).map((c) => c.argv.join(' ')),
      [`mkdir -p ${dir}`, `tee ${dir}/hostname`, `tee ${dir}/hosts`, `tee ${dir}/resolv.conf`],
    );
  });

  test('join an existing sandbox: one batch inside (pair with its host end sent here by bridge index), one host batch for the hairpin port, the files rewritten with both addresses', async () => {
    const { r, ctx, sb, back, dir } = await webOnFront();
    r.calls.length = 0;
    await connect(ctx, 'back', 'web', { aliases: [] });
    const ep2 = ctx.store.state.endpoints.find((e) => e.sandboxId === sb.id && e.networkId === back.id);
    assert.ok(ep2);
    const veth = ep2.hostIfname;
    assert.deepEqual(kernel(r.calls), [
      `ip -n ${sb.netns} -o -batch - | ` +
        `link add ${veth} netns ${process.pid} mtu 1500 master if7  type veth peer name eth1 mtu 1500 address 02:42:0a:09:01:02; ` +
        'addr add 10.9.1.2/24 dev eth1; link set eth1 up',
      `ip -o -batch - | link set ${veth} type bridge_slave hairpin on; link set ${veth} up`,
    ]);
    const hostname = sb.id.slice(0, 12);
    assert.deepEqual(etcFiles(r.calls), [
      ['mkdir', dir],
      ['write', `${dir}/hostname`, `${hostname}\n`],
      ['write', `${dir}/hosts`, `${HOSTS_HEAD}10.9.0.2\t${hostname}\n10.9.1.2\t${hostname}\n`],
      ['write', `${dir}/resolv.conf`, EMBEDDED],
    ]);
  });

  test('rm: host ends and namespace in one forced batch, the /etc/netns dir removed, the published port dropped', async () => {
    const { r, ctx, sb, dir } = await webOnFront();
    await connect(ctx, 'back', 'web', { aliases: [] });
    const veths = ctx.store.state.endpoints.filter((e) => e.sandboxId === sb.id).map((e) => e.hostIfname);
    r.calls.length = 0;
    await removeSandbox(ctx, 'web');
    assert.deepEqual(kernel(r.calls), [
      `ip -force -batch - | link del ${veths[0]}; link del ${veths[1]}; netns del ${sb.netns}`,
      'nft -f - | flush chain inet switchyard_t ports',
    ]);
    assert.deepEqual(etcFiles(r.calls), [['remove', dir]]);
    assert.deepEqual(
      r.calls.filter((c) => c.etcFile).map((c) => c.argv.join(' ')),
      [`rm -rf -- ${dir}`],
    );
  });

  test('the default bridge (no embedded DNS): the host resolv.conf is read through the runner, its loopback nameserver left out', async () => {
    const { r, ctx } = await engine();
    await ensurePredefined(ctx);
    r.calls.length = 0;
    const sb = await createSandbox(ctx, SandboxCreateParamsSchema.parse({ name: 'legacy', networks: [] }));
    const dir = `/etc/netns/${sb.netns}`;
    const hostname = sb.id.slice(0, 12);
    // The default bridge's subnet is the first default pool no host route covers (ipam/reserved.ts reads
    // this machine's routes), so the address is taken from the record rather than assumed.
    const ip = ctx.store.state.endpoints.find((e) => e.sandboxId === sb.id)?.ipv4;
    assert.match(String(ip), /^172\.(1[7-9]|2\d|3[01])\.0\.2$/);
    assert.deepEqual(etcFiles(r.calls), [
      ['read', '/etc/resolv.conf'],
      ['mkdir', dir],
      ['write', `${dir}/hostname`, `${hostname}\n`],
      ['write', `${dir}/hosts`, `${HOSTS_HEAD}${ip}\t${hostname}\n`],
      ['write', `${dir}/resolv.conf`, 'nameserver 192.0.2.53\nsearch lan\n'],
    ]);
  });

  test('a file that cannot be written fails the create: namespace and dir are removed, the record is gone, the error names the file', async () => {
    const { r, ctx } = await engine((c) =>
      c.etcFile?.op === 'write' && c.etcFile.path.endsWith('/hosts')
        ? { exitCode: 1, stderr: 'write: ENOSPC: no space left on device' }
        : undefined,
    );
    await createNetwork(ctx, bridgeParams());
    r.calls.length = 0;
    await assert.rejects(
      createSandbox(ctx, SandboxCreateParamsSchema.parse({ name: 'web', networks: ['front'] })),
      /tee \/etc\/netns\/t-sb-[0-9a-f]{12}\/hosts failed \(exit 1\): write: ENOSPC/,
    );
    assert.deepEqual(ctx.store.state.sandboxes, []);
    assert.deepEqual(ctx.store.state.endpoints, []);
    const removed = etcFiles(r.calls).filter(([op]) => op === 'remove');
    assert.equal(removed.length, 1);
    assert.match(String(removed[0]?.[1]), /^\/etc\/netns\/t-sb-[0-9a-f]{12}$/);
    assert.ok(
      kernel(r.calls).some((k) => /netns del t-sb-[0-9a-f]{12}$/.test(k)),
      kernel(r.calls).join('\n'),
    );
  });

  test("onAnnounced comes before the record's last write lands (load balancers need not wait for an fsync); onReady after it", async () => {
    const { ctx } = await engine();
    await createNetwork(ctx, bridgeParams());
    // The record's writes are held until released: the join's write is the one in flight at the announce.
    const save = ctx.store.save.bind(ctx.store);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    ctx.store.save = async () => {
      await held;
      return save();
    };
    const seen: string[] = [];
    const made = createSandbox(
      ctx,
      SandboxCreateParamsSchema.parse({ name: 'web', networks: ['front'] }),
      undefined,
      () => seen.push('ready'),
      undefined,
      (sb) => seen.push(`announced ${sb.status}`),
    );
    await until(() => seen.length > 0);
    assert.deepEqual(seen, ['announced creating'], 'announced while the write is held, before ready');
    release();
    await made;
    assert.deepEqual(seen, ['announced creating', 'ready']);
  });

  test('reconcile: /etc/netns is listed through the runner; only our dirs that no sandbox owns are removed', async () => {
    const leaked = 't-sb-leaked000000';
    let ours = '';
    const { r, ctx, sb } = await webOnFront((c) =>
      c.etcFile?.op === 'list' ? { stdout: `${ours}\n${leaked}\nsomeone-else\n` } : undefined,
    );
    ours = sb.netns;
    r.calls.length = 0;
    await reconcile(ctx);
    assert.deepEqual(
      etcFiles(r.calls).filter(([op]) => op === 'list' || op === 'remove'),
      [
        ['list', '/etc/netns'],
        ['remove', `/etc/netns/${leaked}`],
      ],
    );
  });
});

describe('the spare namespace (ops/spare-netns.ts) through the runner', () => {
  /** The commands that name namespace `ns` (its four, once it is made). */
  const about = (cs: Command[], ns: string) => cs.filter((c) => JSON.stringify(c).includes(ns));
  const spareEngine = async () => {
    const env = await engine();
    const front = await createNetwork(env.ctx, bridgeParams('front', '10.9.0.0/24'));
    const localnet: string[] = [];
    env.ctx.dns = {
      changed: async () => undefined,
      redirect: async () => undefined,
      markLocalnet: (sb) => localnet.push(sb.id),
    };
    env.r.calls.length = 0;
    const pool = new SparePool(env.ctx);
    env.ctx.spare = pool;
    /** Keeps one and waits until it is made. */
    const made = async () => {
      await pool.keep(true);
      const ns = pool.current as string;
      await until(() => about(env.r.calls, ns).length === 4);
      // Its last command answered: ready a turn later.
      await new Promise((r) => setTimeout(r, 5));
      return ns;
    };
    return { ...env, front, pool, localnet, made };
  };
  const rep = (name: string) => SandboxCreateParamsSchema.parse({ name, networks: ['front'] });

  test('made in advance: the namespace, its ip session (loopback up, the DNS loopback guard), its nft -i session and route_localnet; named as our sandboxes are (reconcile and uninstall know it)', async () => {
    const { r, ctx, pool, made } = await spareEngine();
    const ns = await made();
    assert.ok(ctx.naming.isOurNetns(ns), ns);
    assert.deepEqual(kernel(r.calls), [
      `ip -o -batch - | netns add ${ns}`,
      `ip -n ${ns} -o -batch - | link set lo up; rule add pref 1 iif lo lookup local; ` +
        'rule add pref 2 to 127.0.0.0/8 blackhole; rule add pref 3 lookup local; rule del pref 0 lookup local',
      `[${ns}] nft -f - | `,
      `[${ns}] tee /proc/sys/net/ipv4/conf/all/route_localnet | 1`,
    ]);
    // The two jobs that open a session say so (exec/spawn-worker.ts keeps those processes).
    assert.equal(r.calls[1]?.session?.key, ns);
    assert.equal(r.calls[2]?.session?.key, `nft:${ns}`);
    await pool.close();
    assert.ok(kernel(r.calls).at(-1)?.endsWith(`netns del ${ns}`), 'close deletes it');
  });

  test('taken by the next sandbox create: its id and namespace, joined as an existing one (no netns add, no route_localnet), then another is made', async () => {
    const { r, ctx, pool, localnet, made } = await spareEngine();
    const ns = await made();
    r.calls.length = 0;
    const sb = await createSandbox(ctx, rep('rep'));
    assert.equal(sb.netns, ns);
    assert.equal(sb.id.slice(0, 12), ns.split('-sb-')[1], 'the sandbox took its id');
    assert.equal(pool.stats.taken, 1);
    assert.deepEqual(localnet, [sb.id], 'route_localnet is not set again by the DNS redirect');
    const ep = ctx.store.state.endpoints.find((e) => e.sandboxId === sb.id);
    assert.deepEqual(kernel(about(r.calls, ns)), [
      `ip -n ${ns} -o -batch - | ` +
        `link add ${ep?.hostIfname} netns ${process.pid} mtu 1500 master if7 up type veth peer name eth0 mtu 1500 address 02:42:0a:09:00:02; ` +
        'addr add 10.9.0.2/24 dev eth0; link set eth0 up; route replace default via 10.9.0.1 dev eth0',
    ]);
    // Another spare follows as soon as the create has answered (not after the replicas' delay): a new name.
    assert.ok(pool.current !== undefined, 'the next spare is being made when the create answers');
    assert.notEqual(pool.current, ns);
    await pool.close();
    await removeSandbox(ctx, sb.id);
  });

  test('a sandbox a spare would not fit (the default bridge: no DNS route, so no route_localnet when fresh; no network) makes its own and leaves the spare', async () => {
    const { r, ctx, pool, made } = await spareEngine();
    await ensurePredefined(ctx);
    const ns = await made();
    r.calls.length = 0;
    const plain = await createSandbox(ctx, SandboxCreateParamsSchema.parse({ name: 'plain', networks: [] }));
    const none = await createSandbox(
      ctx,
      SandboxCreateParamsSchema.parse({ name: 'nn', networks: ['none'] }),
    );
    for (const sb of [plain, none]) {
      assert.notEqual(sb.netns, ns);
      assert.ok(
        kernel(r.calls).some((l) => l.includes(`netns add ${sb.netns}`)),
        `${sb.name} made its own`,
      );
    }
    assert.equal(pool.current, ns, 'the spare still waits');
    assert.equal(pool.stats.taken, 0);
    await pool.close();
  });

  test('a create refused after it took the spare (name taken meanwhile) deletes it; keep(false) and close delete the waiting one, also one still being made', async () => {
    const { r, ctx, pool, made } = await spareEngine();
    await ensurePredefined(ctx);
    const ns = await made();
    // Two creates of one name at once: both pass the first check, the second is refused under the lock.
    // The first (the default bridge) makes its own namespace, the second (a DNS network) took the spare.
    r.calls.length = 0;
    const [a, b] = await Promise.allSettled([
      createSandbox(ctx, SandboxCreateParamsSchema.parse({ name: 'taken', networks: [] })),
      createSandbox(ctx, rep('taken')),
    ]);
    assert.equal(a.status, 'fulfilled');
    assert.notEqual((a as PromiseFulfilledResult<{ netns: string }>).value.netns, ns);
    assert.equal(b.status, 'rejected');
    assert.match(String((b as PromiseRejectedResult).reason), /is already in use/);
    assert.equal(pool.stats.taken, 1, 'the refused create had taken the spare');
    assert.ok(
      kernel(r.calls).some((l) => l.endsWith(`netns del ${ns}`)),
      'and deleted it',
    );
    // The refill, then keep(false): deleted.
    await until(() => pool.current !== undefined && pool.current !== ns);
    const third = pool.current as string;
    await until(() => about(r.calls, third).length === 4);
    await pool.keep(false);
    assert.equal(pool.current, undefined);
    assert.ok(kernel(r.calls).at(-1)?.endsWith(`netns del ${third}`));
    // Closed while being made: its maker deletes it once its commands are back.
    await pool.keep(true);
    const making: string = pool.current ?? '';
    assert.ok(making, 'one is being made');
    await pool.close();
    assert.ok(kernel(r.calls).at(-1)?.endsWith(`netns del ${making}`));
    await pool.keep(true);
    assert.equal(pool.current, undefined, 'none after close');
  });
});

describe('a spare namespace the host will not make (ops/spare-netns.ts)', () => {
  test('the next try waits 2 s, doubled per failure up to 60 s', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 20].map((n) => retryDelay(n)),
      [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000],
    );
  });

  test('said once as a warning (the later tries at debug), tried again, and made again once the host allows it', async () => {
    let broken = true;
    const { r, ctx } = await engine((c) =>
      broken && c.stdin?.startsWith('netns add')
        ? { exitCode: 1, stderr: 'mount --make-shared /run/netns failed: Operation not permitted' }
        : undefined,
    );
    const said: string[] = [];
    ctx.log.log = (level, msg) => void said.push(`${level} ${msg}`);
    const pool = new SparePool(ctx, { refill: 250, retry: 1, retryMax: 4 });
    const adds = () => r.calls.filter((c) => c.stdin?.startsWith('netns add')).length;
    await pool.keep(true);
    await until(() => adds() >= 4);
    const failed = said.filter((l) => l.includes('could not make a spare namespace'));
    assert.equal(
      failed[0],
      'warn could not make a spare namespace; sandbox creates make their own meanwhile',
    );
    assert.ok(failed.length >= 3, failed.join('\n'));
    assert.deepEqual(
      failed.slice(1).filter((l) => !l.startsWith('debug ')),
      [],
      'only the first failure is a warning',
    );
    assert.equal(pool.current, undefined, 'no spare while it cannot be made');
    broken = false;
    await until(() => pool.stats.made === 1);
    assert.deepEqual(
      said.filter((l) => l.includes('made again')),
      ['info spare namespace made again'],
    );
    await pool.close();
  });
});

describe("the sandbox's DNS route (discovery/service.ts) in the join's own batch", () => {
  /** The engine above with the real DNS service's route handling (no listeners: `changed` does nothing). */
  const dnsEngine = async (fail?: (c: Command) => Partial<CommandResult> | undefined) => {
    const env = await engine(fail);
    const svc = await DnsService.start(env.ctx.store, env.ctx.runner, env.ctx.log, [], 0);
    closers.push(() => svc.close());
    env.ctx.dns = {
      changed: async () => undefined,
      redirect: (sb) => svc.redirect(sb),
      prepare: (sb) => svc.prepare(sb),
      joinRoute: (sb, ifname) => svc.joinRoute(sb, ifname),
      markLocalnet: (sb) => svc.markLocalnet(sb),
    };
    await createNetwork(env.ctx, bridgeParams('front', '10.9.0.0/24'));
    env.r.calls.length = 0;
    return env;
  };
  const route = (addr: string) => `route replace 127.0.0.11/32 via 10.9.0.1 dev eth0 src ${addr} table local`;
  /** The in-namespace `ip` batches of namespace `ns`. */
  const batchesIn = (cs: Command[], ns: string) => kernel(cs).filter((k) => k.startsWith(`ip -n ${ns} `));

  test('a new sandbox: the 127.0.0.11 route is the last line of its addressing batch, with no batch of its own after it', async () => {
    const { r, ctx } = await dnsEngine();
    const sb = await createSandbox(
      ctx,
      SandboxCreateParamsSchema.parse({ name: 'web', networks: ['front'] }),
    );
    const batches = batchesIn(r.calls, sb.netns).filter((b) => !b.includes('rule add'));
    assert.equal(batches.length, 1, batches.join('\n'));
    assert.ok(batches[0]?.endsWith(`route replace default via 10.9.0.1 dev eth0; ${route('10.9.0.2')}`));
    // Asked again (as a reconcile or another join would): in place, nothing runs.
    r.calls.length = 0;
    await ctx.dns?.redirect(sb);
    assert.deepEqual(kernel(r.calls), []);
  });

  test('the route left with its interface (a disconnect, a join that failed after its batch): the next join of that interface adds it again', async () => {
    let failFiles = false;
    const { r, ctx } = await dnsEngine((c) =>
      failFiles && c.etcFile?.op === 'write' && c.etcFile.path.endsWith('/hosts')
        ? { exitCode: 1, stderr: 'write: ENOSPC: no space left on device' }
        : undefined,
    );
    const sb = await createSandbox(
      ctx,
      SandboxCreateParamsSchema.parse({ name: 'web', networks: ['front'] }),
    );
    await disconnect(ctx, 'front', 'web', false);
    // Connected again: the same interface, address and gateway as before, and the route is not there.
    failFiles = true;
    r.calls.length = 0;
    await assert.rejects(connect(ctx, 'front', 'web', { aliases: [] }), /ENOSPC/);
    assert.ok(
      batchesIn(r.calls, sb.netns).some((b) => b.endsWith(route('10.9.0.2'))),
      kernel(r.calls).join('\n'),
    );
    failFiles = false;
    r.calls.length = 0;
    await connect(ctx, 'front', 'web', { aliases: [] });
    assert.ok(
      batchesIn(r.calls, sb.netns).some((b) => b.endsWith(route('10.9.0.2'))),
      kernel(r.calls).join('\n'),
    );
  });
});

describe('a join on a global network: the announce beside the DNS redirect', () => {
  /**
   * A bridge network made global by hand (the overlay driver's join is the bridge's), a cluster hook that
   * records its claim-and-announce calls (answering `taken` for the first ones given), and a DNS hook whose
   * redirect waits until `release` is called (and records its start and end with the address it saw).
   */
  async function globalJoin(taken: string[][] = []) {
    const env = await engine();
    const net = await createNetwork(env.ctx, bridgeParams('ov', '10.9.2.0/24'));
    net.scope = 'global';
    net.attachable = true;
    const seen: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let next = 10;
    env.ctx.cluster = {
      pickAddress: () => `10.9.2.${next++}`,
      claimAndAnnounce: async (_n: NetworkRecord, ep: EndpointRecord) => {
        seen.push(`announce ${ep.ipv4}`);
        return taken.shift() ?? 'ok';
      },
      withdraw: async () => undefined,
      releaseAddress: async () => undefined,
      ensureNetwork: async () => true,
    } as unknown as ClusterHook;
    let redirects = 0;
    env.ctx.dns = {
      changed: async () => undefined,
      redirect: async (sb: SandboxRecord) => {
        const ip = env.ctx.store.state.endpoints.find((e) => e.sandboxId === sb.id)?.ipv4;
        seen.push(`redirect ${ip}`);
        if (redirects++ === 0) await held;
        seen.push(`redirected ${ip}`);
      },
    };
    env.r.calls.length = 0;
    const made = createSandbox(env.ctx, SandboxCreateParamsSchema.parse({ name: 'web', networks: ['ov'] }));
    made.catch(() => undefined);
    return { ...env, seen, release, made };
  }

  test("the peers are told while the sandbox's own DNS route is still being set (it is not on their path)", async () => {
    const { seen, release, made } = await globalJoin();
    await until(() => seen.includes('announce 10.9.2.10'));
    assert.deepEqual(
      seen,
      ['redirect 10.9.2.10', 'announce 10.9.2.10'],
      'announced before the redirect ends',
    );
    release();
    await made;
    assert.deepEqual(seen, ['redirect 10.9.2.10', 'announce 10.9.2.10', 'redirected 10.9.2.10']);
  });

  test('an address lost to another host is changed only once the first redirect is done, then redirected again', async () => {
    const { r, seen, release, made } = await globalJoin([['10.9.2.10']]);
    await until(() => seen.includes('announce 10.9.2.10'));
    // The re-pick waits for the redirect that used the old address: the sandbox is not re-addressed yet.
    await new Promise((res) => setTimeout(res, 50));
    assert.ok(!kernel(r.calls).some((l) => l.includes('addr del')), kernel(r.calls).join('\n'));
    release();
    await made;
    const repick = seen.indexOf('announce 10.9.2.11');
    assert.ok(repick > seen.indexOf('redirected 10.9.2.10'), seen.join(', '));
    assert.ok(seen.indexOf('redirect 10.9.2.11') > seen.indexOf('redirected 10.9.2.10'), seen.join(', '));
    assert.ok(seen.includes('redirected 10.9.2.11'), seen.join(', '));
  });
});
