// Services across three namespace hosts (the overlay lab: an underlay bridge, three daemons, a three-member etcd):
// VIPs balanced by nftables maps in each client sandbox, dnsrr and tasks.NAME in the embedded DNS, the
// ingress routing mesh on every host, replicas leaving every host's set when their sandbox or their host
// goes, scaling, isolation, teardown. One lab for the file; the tests run in order and build on each other.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NamespaceHost, sh, skipReason } from './harness';
import { createNetns, type Netns } from '../support/netns';
import { OverlayLab, hostAddr, plug, waitFor } from './overlay-lab';

/** Cross-host convergence on a loaded two-core machine: polled for up to 30 s (never a fixed sleep). */
const wait = <T>(what: string, f: () => T | Promise<T>, ms = 30_000) => waitFor(what, f, ms);

const skip = skipReason(spawnSync('which', ['etcd', 'setpriv']).status === 0 ? [] : ['etcd', 'setpriv']);

/** Each replica answers every connection with its own name (the engine gives it in its environment). */
const RESPONDER = [
  process.execPath,
  '-e',
  "require('net').createServer((s)=>{s.on('error',()=>{});s.end(process.env.SWITCHYARD_REPLICA+' '+s.remoteAddress)}).listen(80)",
];

/**
 * `n` short TCP requests in a row from inside a namespace (one process) to an address (never a name: the
 * process does not use the sandbox's resolver): how many each replica answered, the client addresses the
 * replicas saw, and the failures. A request without an answer within 1 s fails; ten failures end the run.
 */
function requests(netns: string, ip: string, port: number, n: number) {
  const script = `const net=require('net');const by={};const from=new Set();let failed=0;const errors=[];
  function one(){return new Promise((r)=>{const s=net.connect(${port},process.argv[1]);let d='';const t=setTimeout(()=>{s.destroy();r('ERR timeout')},1000);
  s.on('data',(b)=>d+=b);s.on('end',()=>{clearTimeout(t);r(d)});s.on('error',(e)=>{clearTimeout(t);r('ERR '+e.code)})})}
  (async()=>{for(let i=0;i<${n}&&failed<10;i++){const a=await one();if(a.startsWith('ERR')||!a){failed++;errors.push(a||'empty')}else{const [name,addr]=a.split(' ');by[name]=(by[name]||0)+1;from.add(addr.replace('::ffff:',''))}}
  console.log(JSON.stringify({by,from:[...from],failed,errors:errors.slice(0,5)}))})()`;
  const r = sh(['nsenter', `--net=/run/netns/${netns}`, '--', process.execPath, '-e', script, ip]);
  if (r.status !== 0) throw new Error(`requests from ${netns}: ${r.stderr}`);
  const o = JSON.parse(r.stdout) as {
    by: Record<string, number>;
    from: string[];
    failed: number;
    errors: string[];
  };
  return { replicas: o.by, from: o.from, failed: o.failed, errors: o.errors };
}

/**
 * A replica for the health and drain tests (`node -e` argv: START_MS HOLD_MS DIR): it listens only after
 * START_MS (a slow start), holds each answer on port 80 for HOLD_MS (a long request), and answers its
 * health port 81 with `ok`, or `sick` while DIR/NAME.SLOT.sick exists.
 */
const SLOW_REPLICA = `const net=require('net'),fs=require('fs');const [start,hold,dir]=process.argv.slice(1);const me=process.env.SWITCHYARD_REPLICA;
setTimeout(()=>{net.createServer((s)=>{s.on('error',()=>{});setTimeout(()=>s.end(me+' '+s.remoteAddress),Number(hold))}).listen(80);
net.createServer((s)=>{s.on('error',()=>{});s.end(fs.existsSync(dir+'/'+me+'.sick')?'sick':'ok')}).listen(81)},Number(start));`;
/** The health check of those replicas, as `--health-cmd` takes it (run with sh -c in the replica). */
const HEALTH_CMD = '[ "$(busybox nc 127.0.0.1 81 </dev/null)" = ok ]';

/**
 * Requests from inside a namespace in the background, CONC at a time, until `stop()`: each connects, waits
 * for the whole answer (5 s at most) and counts it by replica; a refused, reset, empty or late answer fails.
 */
function requestsUntilStopped(netns: string, ip: string, port: number, conc = 4) {
  const script = `const net=require('net');let stop=false;process.stdin.on('end',()=>stop=true);process.stdin.resume();
  const by={};let failed=0;const errors=[];
  function one(){return new Promise((r)=>{const s=net.connect(${port},process.argv[1]);let d='';const t=setTimeout(()=>{s.destroy();r('ERR timeout')},5000);
  s.on('data',(b)=>d+=b);s.on('end',()=>{clearTimeout(t);r(d)});s.on('error',(e)=>{clearTimeout(t);r('ERR '+e.code)})})}
  async function loop(){while(!stop){const a=await one();if(a.startsWith('ERR')||!a){failed++;errors.push(a||'empty')}else{const n=a.split(' ')[0];by[n]=(by[n]||0)+1}await new Promise((r)=>setTimeout(r,10))}}
  Promise.all(Array.from({length:${conc}},loop)).then(()=>console.log(JSON.stringify({by,failed,errors:errors.slice(0,5)})))`;
  const p = spawn('nsenter', [`--net=/run/netns/${netns}`, '--', process.execPath, '-e', script, ip]);
  let out = '';
  p.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const done = new Promise<void>((r) => p.once('close', () => r()));
  return {
    async stop() {
      p.stdin.end();
      await done;
      return JSON.parse(out) as { by: Record<string, number>; failed: number; errors: string[] };
    },
  };
}

describe('engine: services across three hosts (VIP, dnsrr, routing mesh)', { skip }, () => {
  let lab: OverlayLab;
  let h: NamespaceHost[];
  let h0: NamespaceHost;
  let h1: NamespaceHost;
  let h2: NamespaceHost;
  /** A machine on the underlay that is no host of the cluster: the routing mesh's client. */
  let outside: Netns;
  before(async () => {
    lab = await OverlayLab.start();
    h = lab.hosts;
    [h0, h1, h2] = h as [NamespaceHost, NamespaceHost, NamespaceHost];
    await wait('three alive nodes', () =>
      h0.c.call('node.ls', {}).then((r) => r.nodes.filter((n) => n.state === 'alive').length === 3),
    );
    await h0.c.call('network.create', {
      name: 'front',
      driver: 'overlay',
      attachable: true,
      ipam: [{ subnet: '10.232.0.0/24', auxAddresses: {} }],
    });
    outside = await createNetns('syso');
    plug(lab.underlay.name, outside.name, 'o0', '198.18.0.50');
  });
  after(async () => {
    await outside?.delete();
    await lab?.close();
  });

  const running = (host: NamespaceHost, svc: string, n: number) =>
    wait(
      `${svc}: ${n} replicas running`,
      async () => {
        const ps = await host.c.call('service.ps', { service: svc });
        return ps.length === n && ps.every((r) => r.state === 'running') && ps;
      },
      30_000,
    );
  const healthy = (svc: string, n: number) =>
    wait(`${svc}: ${n} replicas healthy`, async () => {
      const ps = await h1.c.call('service.ps', { service: svc });
      return ps.length === n && ps.every((r) => r.state === 'running' && r.health === 'healthy') && ps;
    });
  /** A service of SLOW_REPLICA replicas (START_MS, HOLD_MS, DIR) checked by HEALTH_CMD every 100 ms at first. */
  const slowService = (name: string, replicas: number, startMs: number, holdMs: number, dir: string) =>
    h0.c.call('service.create', {
      name,
      networks: ['front'],
      replicas,
      command: [process.execPath, '-e', SLOW_REPLICA, String(startMs), String(holdMs), dir],
      healthcheck: {
        cmd: HEALTH_CMD,
        startPeriodMs: 20_000,
        startIntervalMs: 100,
        intervalMs: 200,
        retries: 2,
      },
      stopGracePeriodMs: 10_000,
    });
  /** What a failed wait leaves for the reader: the replicas, FDB entries per host, the daemons' errors. */
  const dump = async (e: unknown, svc: string, last: unknown) => {
    const ps = await h0.c.call('service.ps', { service: svc }).catch(() => []);
    const fdb = h
      .map(
        (x, i) =>
          `host ${i}:\n${x
            .inHost(['bridge', 'fdb', 'show'])
            .stdout.split('\n')
            // Remote MACs (dst) and the bridges' own local entries (a stale one takes a replica's frames).
            .filter((l) => /dst|permanent/.test(l))
            .join('\n')}`,
      )
      .join('\n');
    const errs = h
      .map((x) =>
        x.log
          .split('\n')
          .filter((l) => /"level":"(error|warn)"/.test(l))
          .slice(-6)
          .join('\n'),
      )
      .join('\n');
    return new Error(`${String(e)}: ${JSON.stringify(last)} ${JSON.stringify(ps)}\n${fdb}\n${errs}`);
  };
  /**
   * The routing mesh's DNAT of a published port in a host's own `ports` chain: the replica addresses of
   * its map (sorted), [] when it has no rule (no replica), undefined when the port is not there at all.
   */
  const meshMap = (host: NamespaceHost, port: number) => {
    const rule = host
      .inHost(['nft', 'list', 'chain', 'inet', `switchyard_${host.prefix}`, 'ports'])
      .stdout.split('\n')
      .find((l) => l.includes(`dport ${port} dnat ip to`));
    if (!rule) return [];
    const to = rule.slice(rule.indexOf('dnat ip to'));
    return [...to.matchAll(/(\d+\.\d+\.\d+\.\d+)/g)].map((m) => m[1] as string).sort();
  };
  /** What each host's mesh map must hold: a replica there at its address on `net`, elsewhere on ingress. */
  const expectedMap = (
    ps: { hostAddress: string; addresses: { network: string; ipv4?: string }[] }[],
    i: number,
    net: string,
  ) =>
    ps
      .map(
        (r) =>
          r.addresses.find((a) => a.network === (r.hostAddress === hostAddr(i) ? net : 'ingress'))?.ipv4 ??
          '?',
      )
      .sort();
  /** Waits until host i's mesh map for `port` is the replica set of `svc` as `service ps` shows it now. */
  const meshMapIs = (i: number, svc: string, port: number, what: string) => {
    let last = '';
    return wait(what, async () => {
      const ps = await h0.c.call('service.ps', { service: svc });
      const want = expectedMap(ps, i, 'front');
      last = `map ${meshMap(h[i] as NamespaceHost, port).join(',')}, replicas ${want.join(',')}`;
      return JSON.stringify(meshMap(h[i] as NamespaceHost, port)) === JSON.stringify(want);
    }).catch((e) => {
      throw new Error(`${String(e)}: ${last}`);
    });
  };
  const dnsA = async (host: NamespaceHost, sb: string, name: string) =>
    (await host.c.call('diag.dns', { from: { sandbox: sb }, name })).answers.map((a) => a.data);

  test('a VIP service: three replicas spread over the hosts, 300 requests spread over all three', async () => {
    const s = await h0.c.call('service.create', {
      name: 'web',
      networks: ['front'],
      replicas: 3,
      command: RESPONDER,
    });
    const vip = s.networks[0]?.vip as string;
    assert.match(vip, /^10\.232\.0\.\d+$/);
    const ps = await running(h1, 'web', 3);
    assert.deepEqual(ps.map((r) => r.hostAddress).sort(), [hostAddr(0), hostAddr(1), hostAddr(2)]);
    await h0.c.call('sandbox.create', { name: 'client0', networks: ['front'] });
    assert.deepEqual(await dnsA(h0, 'client0', 'web'), [vip]);
    const netns = await h0.netnsOf('client0');
    await wait(
      'every replica answering through the VIP',
      () => {
        const x = requests(netns, vip, 80, 6);
        return Object.keys(x.replicas).length === 3 && x.failed === 0;
      },
      30_000,
    );
    const r = requests(netns, vip, 80, 300);
    assert.equal(r.failed, 0, r.errors.join(', '));
    for (const [name, count] of Object.entries(r.replicas))
      assert.ok(count >= 60 && count <= 135, `${name} got ${count} of 300 (want 20–45%)`);
    // No SNAT on the VIP path: the replica sees the client's own address.
    const client = (await h0.c.call('sandbox.inspect', { sandbox: 'client0' })).endpoints[0]?.ipv4;
    assert.deepEqual(r.from, [client]);
  });

  const tasksOf = async (host: NamespaceHost, svc: string) =>
    (await host.c.call('service.ps', { service: svc }))
      .flatMap((r) => r.addresses.map((a) => a.ipv4 as string))
      .sort();

  test('tasks.NAME resolves to every replica, on every host', async () => {
    await h2.c.call('sandbox.create', { name: 'client2', networks: ['front'] });
    const want = await tasksOf(h0, 'web');
    assert.equal(want.length, 3);
    assert.deepEqual((await dnsA(h2, 'client2', 'tasks.web')).sort(), want);
    assert.deepEqual((await dnsA(h0, 'client0', 'tasks.web')).sort(), want);
    // …and each replica by its own name.
    assert.deepEqual(await dnsA(h2, 'client2', 'web.1'), [
      (await h0.c.call('service.ps', { service: 'web' }))[0]?.addresses[0]?.ipv4,
    ]);
  });

  test('dnsrr: the name returns every replica address, shuffled; ingress ports are refused', async () => {
    await assert.rejects(
      h1.c.call('service.create', {
        name: 'rrbad',
        networks: ['front'],
        endpointMode: 'dnsrr',
        ports: [{ published: 8090, target: 80 }],
      }),
      /EndpointSpec: port published with ingress mode can't be used with dnsrr mode/,
    );
    const s = await h1.c.call('service.create', {
      name: 'rr',
      networks: ['front'],
      replicas: 3,
      endpointMode: 'dnsrr',
    });
    assert.equal(s.networks[0]?.vip, undefined);
    await running(h0, 'rr', 3);
    const want = await tasksOf(h0, 'rr');
    const orders = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const got = await dnsA(h0, 'client0', 'rr');
      assert.deepEqual([...got].sort(), want);
      orders.add(got.join(','));
    }
    assert.ok(orders.size > 1, `20 answers, always in the same order: ${[...orders].join(' | ')}`);
  });

  test('services on different networks are isolated: no name, no VIP path', async () => {
    await h1.c.call('network.create', {
      name: 'back',
      driver: 'overlay',
      attachable: false,
      ipam: [{ subnet: '10.233.0.0/24', auxAddresses: {} }],
    });
    const api = await h1.c.call('service.create', {
      name: 'api',
      networks: ['back'],
      replicas: 2,
      command: RESPONDER,
    });
    await running(h0, 'api', 2);
    await assert.rejects(
      h0.c.call('network.rm', { network: 'back' }),
      /network back is in use by service api/,
    );
    assert.deepEqual(await dnsA(h0, 'client0', 'api'), []);
    assert.deepEqual(await dnsA(h0, 'client0', 'tasks.api'), []);
    const r = requests(await h0.netnsOf('client0'), api.networks[0]?.vip as string, 80, 3);
    assert.equal(r.failed, 3, JSON.stringify(r));
    // A sandbox on `back` reaches it (a network not made --attachable still takes the service's replicas).
    await assert.rejects(
      h0.c.call('sandbox.create', { name: 'nope', networks: ['back'] }),
      /not manually attachable/,
    );
  });

  test('the routing mesh: a published port answers on every host, also one with no replica; mode=host only where a replica runs', async () => {
    await h0.c.call('service.create', {
      name: 'mesh',
      networks: ['front'],
      replicas: 2,
      constraints: [`host!=${hostAddr(2)}`],
      ports: [{ published: 8080, target: 80 }],
      command: RESPONDER,
    });
    const ps = await running(h2, 'mesh', 2);
    assert.ok(ps.every((r) => r.hostAddress !== hostAddr(2)));
    for (const i of [0, 1, 2]) {
      const r = await wait(`port 8080 on host ${i}`, () => {
        const x = requests(outside.name, hostAddr(i), 8080, 20);
        return x.failed === 0 && Object.keys(x.replicas).length === 2 && x;
      });
      assert.deepEqual(Object.keys(r.replicas).sort(), ['mesh.1', 'mesh.2']);
      // Translated in the host's own namespace: a replica on another host sees this host's own ingress
      // address; the one on this host (hosts 0 and 1) sees the client's.
      const viaIngress = r.from.filter((a) => a.startsWith('10.255.'));
      assert.equal(viaIngress.length, 1, r.from.join(','));
      assert.deepEqual(
        r.from.filter((a) => !a.startsWith('10.255.')),
        i === 2 ? [] : ['198.18.0.50'],
        r.from.join(','),
      );
      // No ingress sandbox on the path: the host's `ports` chain DNATs straight to the replicas.
      await meshMapIs(i, 'mesh', 8080, `host ${i}'s mesh map holds the 2 replicas`);
      assert.ok(
        (await (h[i] as NamespaceHost).c.call('sandbox.ls', {})).every((x) => !x.name.endsWith('.ingress')),
      );
    }
    // Each host's own ingress address is distinct (the hosts share the gateway's).
    const own = h.map(
      (x) => x.inHost(['ip', '-4', '-o', 'addr', 'show']).stdout.match(/inet (10\.255\.\d+\.\d+)\/32/)?.[1],
    );
    assert.equal(new Set(own.filter(Boolean)).size, 3, own.join(','));
    await assert.rejects(
      h1.c.call('service.create', {
        name: 'mesh2',
        networks: ['front'],
        ports: [{ published: 8080, target: 80 }],
      }),
      /port '8080' is already in use by service 'mesh' \(\w+\) as an ingress port/,
    );
    await h1.c.call('service.create', {
      name: 'hm',
      networks: ['front'],
      replicas: 1,
      constraints: [`host==${hostAddr(1)}`],
      ports: [{ published: 8081, target: 80, mode: 'host' }],
      command: RESPONDER,
    });
    await running(h0, 'hm', 1);
    const r = await wait('host-mode port on the replica host', () => {
      const x = requests(outside.name, hostAddr(1), 8081, 5);
      return x.failed === 0 && x;
    });
    assert.deepEqual(r.replicas, { 'hm.1': 5 });
    assert.deepEqual(r.from, ['198.18.0.50'], 'mode=host keeps the client address');
    assert.equal(
      requests(outside.name, hostAddr(0), 8081, 2).failed,
      2,
      'no replica on host 0: nothing there',
    );
  });

  test('the routing mesh with local-first: a host with a replica keeps its flows there (client address kept), one without spreads', async () => {
    await h0.c.call('service.create', {
      name: 'meshl',
      networks: ['front'],
      replicas: 2,
      constraints: [`host!=${hostAddr(2)}`],
      ports: [{ published: 8082, target: 80 }],
      labels: { 'switchyard.ingress.local-first': 'true' },
      command: RESPONDER,
    });
    const ps = await running(h2, 'meshl', 2);
    for (const i of [0, 1]) {
      const mine = ps.find((r) => r.hostAddress === hostAddr(i));
      // Until this host's own replica is announced its map may hold the other one: wait for the own.
      const r = await wait(`port 8082 on host ${i} answered by its own replica`, () => {
        const x = requests(outside.name, hostAddr(i), 8082, 20);
        return x.failed === 0 && x.replicas[`meshl.${mine?.slot}`] !== undefined && x;
      });
      assert.deepEqual(r.replicas, { [`meshl.${mine?.slot}`]: 20 }, `host ${i} answers from its own replica`);
      assert.deepEqual(r.from, ['198.18.0.50'], 'no SNAT: the client address is kept');
      const own = mine?.addresses.find((a) => a.network === 'front')?.ipv4;
      assert.deepEqual(meshMap(h[i] as NamespaceHost, 8082), [own], `host ${i}'s map holds its replica only`);
    }
    // Host 2 runs none: both replicas, over the ingress overlay.
    const r = await wait('port 8082 on host 2', () => {
      const x = requests(outside.name, hostAddr(2), 8082, 20);
      return x.failed === 0 && Object.keys(x.replicas).length === 2 && x;
    });
    assert.ok(
      r.from.every((a) => a.startsWith('10.255.')),
      r.from.join(','),
    );
    await h0.c.call('service.rm', { service: 'meshl' });
  });

  test('scale 3→5→1 changes tasks.NAME and the VIP set on every host', async () => {
    const netns0 = await h0.netnsOf('client0');
    const netns2 = await h2.netnsOf('client2');
    const vip = (await h0.c.call('service.inspect', { service: 'web' })).networks[0]?.vip as string;
    for (const n of [5, 1]) {
      await h2.c.call('service.scale', { service: 'web', replicas: n });
      if (n === 5) {
        // The record and the new placements in one transaction: one revision, one round trip before the
        // placed hosts start.
        const id = (await h2.c.call('service.inspect', { service: 'web' })).id;
        const revs = lab.modRevisions([
          `/switchyard/v1/services/${id}`,
          `/switchyard/v1/tasks/${id}/4`,
          `/switchyard/v1/tasks/${id}/5`,
        ]);
        assert.ok((revs[0] ?? 0) > 0, String(revs));
        assert.deepEqual(revs, [revs[0], revs[0], revs[0]], 'record and placements in one revision');
      }
      await running(h1, 'web', n);
      const want = await tasksOf(h1, 'web');
      assert.equal(want.length, n);
      await wait(
        `tasks.web has ${n} addresses`,
        async () => (await dnsA(h0, 'client0', 'tasks.web')).sort().join() === want.join(),
      );
      for (const ns of [netns0, netns2]) {
        const r = await wait(`the VIP set of ${n} replicas`, () => {
          const x = requests(ns, vip, 80, n * 4);
          return Object.keys(x.replicas).length === n && x;
        });
        assert.equal(r.failed, 0, r.errors.join(','));
        assert.deepEqual(
          Object.keys(r.replicas).sort(),
          Array.from({ length: n }, (_, i) => `web.${i + 1}`),
        );
      }
    }
    await h0.c.call('service.scale', { service: 'web', replicas: 3 });
    await running(h0, 'web', 3);
  });

  /**
   * A host's spare namespace: the last one its daemon made ("spare namespace ready" in its debug log), while
   * it exists and no sandbox uses it. (Not "the namespace no sandbox uses": a drained replica's namespace
   * outlives its record for a moment.)
   */
  const spareOf = async (host: NamespaceHost) => {
    const made = [...host.log.matchAll(/"msg":"spare namespace ready","netns":"([^"]+)"/g)];
    const last = made.at(-1)?.[1];
    const used = new Set((await host.c.call('sandbox.ls', {})).map((s) => s.netns));
    return last && !used.has(last) && host.ourNamespaces().includes(last) ? last : undefined;
  };

  test('a spare namespace per host: the next replica takes it, another is made; a daemon stop or kill -9 leaves none', async () => {
    const spares = await Promise.all(h.map((x) => wait('a spare namespace on every host', () => spareOf(x))));
    assert.equal(new Set(spares).size, 3, 'one per host');
    await h0.c.call('service.create', {
      name: 'spare',
      networks: ['front'],
      replicas: 1,
      constraints: [`host==${hostAddr(1)}`],
      command: RESPONDER,
    });
    const [task] = await running(h0, 'spare', 1);
    const sb = (await h1.c.call('sandbox.ls', {})).find((s) => s.name === 'spare.1');
    assert.equal(sb?.netns, spares[1], 'the replica joined the spare namespace');
    assert.equal(sb?.id.slice(0, 12), (spares[1] as string).split('-sb-')[1], 'and took its id');
    // It works as any replica: it answers its address from another host.
    const ip = task?.addresses[0]?.ipv4 as string;
    const netns0 = await h0.netnsOf('client0');
    const r = await wait('the replica in the spare answering', () => {
      const x = requests(netns0, ip, 80, 3);
      return x.failed === 0 && x;
    });
    assert.deepEqual(Object.keys(r.replicas), ['spare.1']);
    const next = await wait('a new spare on host 2', async () => {
      const s = await spareOf(h1);
      return s !== spares[1] && s;
    });
    assert.ok(next?.startsWith(`${h1.prefix}-sb-`));
    await h0.c.call('service.rm', { service: 'spare' });
    // A daemon stopped (SIGTERM) deletes its spare; started again, it makes a new one.
    await h1.stop();
    assert.ok(!h1.ourNamespaces().includes(next as string), 'the spare went with the daemon');
    await h1.startDaemon(lab.daemonArgs(1));
    const third = await wait('a spare again after the start', () => spareOf(h1));
    // Killed (-9), it cannot delete it: the next start's reconcile does (our prefix, no record).
    await lab.restartDaemon(1);
    await wait('the killed daemon spare deleted at the start', () => !h1.ourNamespaces().includes(third));
    await wait('and a new one made', async () => {
      const s = await spareOf(h1);
      return s !== third && s;
    });
    await running(h0, 'web', 3);
  });

  test("a client's nft session killed: the next change is still applied (a new session), the VIP set stays right", async () => {
    const netns0 = await h0.netnsOf('client0');
    const vip = (await h0.c.call('service.inspect', { service: 'web' })).networks[0]?.vip as string;
    /** Kills the engine's `nft -i` processes inside the client's namespace; how many there were. */
    const killSessions = () => {
      const pids = sh(['ip', 'netns', 'pids', netns0])
        .stdout.split('\n')
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => sh(['cat', `/proc/${p}/comm`]).stdout.trim() === 'nft');
      for (const p of pids) process.kill(Number(p), 'SIGKILL');
      return pids.length;
    };
    /** The replica addresses client0's map for web's VIP holds now (its rule's line in the table). */
    const mapped = () =>
      [
        ...(
          sh(['nsenter', `--net=/run/netns/${netns0}`, '--', 'nft', 'list', 'table', 'ip', 'switchyard_svc'])
            .stdout.split('\n')
            .find((l) => l.includes(`ip daddr ${vip} `)) ?? ''
        ).matchAll(/\d+ : (\d+\.\d+\.\d+\.\d+)/g),
      ]
        .map((m) => m[1] as string)
        .sort();
    for (const n of [2, 3]) {
      // The table was just programmed through the session (the scale before): it is there to kill.
      assert.ok(killSessions() >= 1, 'an nft -i session runs in the client namespace');
      await h1.c.call('service.scale', { service: 'web', replicas: n });
      await running(h1, 'web', n);
      const want = await tasksOf(h1, 'web');
      await wait(`client0's VIP map holds the ${n} replicas`, () => mapped().join() === want.join());
      // A replica made again answers once its command listens (no health check here): polled.
      const r = await wait(`the VIP answered by ${n} replicas`, () => {
        const x = requests(netns0, vip, 80, n * 4);
        return Object.keys(x.replicas).length === n && x.failed === 0 && x;
      });
      assert.deepEqual(
        Object.keys(r.replicas).sort(),
        Array.from({ length: n }, (_, i) => `web.${i + 1}`),
      );
    }
  });

  test('health check: a slow-starting replica joins the balancers only when its check passes, leaves them when it fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-health-'));
    try {
      const s = await slowService('slow', 1, 1500, 0, dir);
      const vip = s.networks[0]?.vip as string;
      await healthy('slow', 1);
      const netns = await h0.netnsOf('client0');
      // Scale up under load: the two new replicas listen 1.5 s after their sandbox is up; without the
      // check the balancers would send them flows they refuse.
      const load = requestsUntilStopped(netns, vip, 80);
      await h2.c.call('service.scale', { service: 'slow', replicas: 3 });
      const ps = await healthy('slow', 3);
      await wait(
        'all three answering',
        () => Object.keys(requests(netns, vip, 80, 12).replicas).length === 3,
      );
      const up = await load.stop();
      assert.equal(up.failed, 0, `requests failed during the scale-up: ${up.errors.join(', ')}`);
      assert.equal(Object.keys(up.by).length, 3, JSON.stringify(up.by));
      // Replica 2 turns sick: after two failed checks it leaves every host's set; healthy again, it is back.
      writeFileSync(join(dir, 'slow.2.sick'), '');
      await wait('slow.2 unhealthy', async () =>
        (await h0.c.call('service.ps', { service: 'slow' })).some(
          (r) => r.slot === 2 && r.health === 'unhealthy',
        ),
      );
      const clients = [
        netns,
        (await h1.c.call('sandbox.create', { name: 'hclient1', networks: ['front'] })).netns,
      ];
      for (const c of clients)
        await wait(`slow.2 out of the set seen from ${c}`, () => {
          const x = requests(c, vip, 80, 20);
          return x.failed === 0 && x.replicas['slow.2'] === undefined && Object.keys(x.replicas).length === 2;
        });
      rmSync(join(dir, 'slow.2.sick'));
      await wait(
        'slow.2 back in the set',
        () => requests(netns, vip, 80, 20).replicas['slow.2'] !== undefined,
      );
      assert.ok(ps.every((r) => r.health === 'healthy'));
      await h1.c.call('sandbox.rm', { sandbox: 'hclient1' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('drain on scale-down: replicas leave every balancer first, their requests in progress finish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-drain-'));
    try {
      // Each request is held 800 ms by the replica: a scale-down that cut replicas at once would fail some.
      const s = await slowService('drain', 3, 0, 800, dir);
      const vip = s.networks[0]?.vip as string;
      await healthy('drain', 3);
      const netns = await h0.netnsOf('client0');
      const load = requestsUntilStopped(netns, vip, 80, 6);
      await wait('requests in progress', () => {
        const ss = sh(['nsenter', `--net=/run/netns/${netns}`, '--', 'ss', '-Htn', 'state', 'established']);
        return (
          ss.stdout.split('\n').filter((l) => l.includes(`${vip}:80`) || / 10\.232\.0\.\d+:80\s/.test(l))
            .length >= 3
        );
      });
      await h1.c.call('service.scale', { service: 'drain', replicas: 1 });
      for (const host of h)
        await wait('the drained sandboxes gone', async () =>
          (await host.c.call('sandbox.ls', {})).every((x) => !/^drain\.[23]$/.test(x.name)),
        );
      const r = await load.stop();
      assert.equal(r.failed, 0, `requests failed during the scale-down: ${r.errors.join(', ')}`);
      assert.ok((r.by['drain.2'] ?? 0) > 0 && (r.by['drain.3'] ?? 0) > 0, JSON.stringify(r.by));
      const after = requests(netns, vip, 80, 6);
      assert.deepEqual(Object.keys(after.replicas), ['drain.1']);
      const logs = h.map((x) => x.log).join('\n');
      assert.match(logs, /"msg":"replica drained","sandbox":"drain\.[23]"/);
      await h0.c.call('service.rm', { service: 'drain' });
      await h0.c.call('service.rm', { service: 'slow' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a daemon killed -9 and started again: its replica answers again (its command restarted)', async () => {
    const netns = await h0.netnsOf('client0');
    const vip = (await h0.c.call('service.inspect', { service: 'web' })).networks[0]?.vip as string;
    const ownIngress = () =>
      [...h1.inHost(['ip', '-4', '-o', 'addr', 'show']).stdout.matchAll(/inet (10\.255\.\d+\.\d+)\/32/g)].map(
        (m) => m[1],
      );
    const before = ownIngress();
    assert.equal(before.length, 1, before.join(','));
    const lease = lab.leaseOf(1);
    await lab.restartDaemon(1);
    let last = {};
    await wait('all three replicas answering after the restart', () => {
      const x = requests(netns, vip, 80, 12);
      last = x;
      return x.failed === 0 && Object.keys(x.replicas).length === 3;
    }).catch(async (e) => {
      throw await dump(e, 'web', last);
    });
    // The routing mesh after the restart: its map is the replica set, the host has one ingress address,
    // and the port answers. Within the lease (resumed) it is the same address (its row adopted); a restart
    // slower than the TTL (seen under load) frees it, and a replica placed meanwhile may have taken it.
    await meshMapIs(1, 'mesh', 8080, "host 1's mesh map after the restart");
    if (lab.leaseOf(1) === lease) assert.deepEqual(ownIngress(), before);
    else assert.equal(ownIngress().length, 1, ownIngress().join(','));
    let lastMesh = {};
    const r = await wait('port 8080 on the restarted host', () => {
      const x = requests(outside.name, hostAddr(1), 8080, 10);
      lastMesh = x;
      return x.failed === 0 && Object.keys(x.replicas).length === 2 && x;
    }).catch(async (e) => {
      // Failed once in CI under load (not reproduced in nine runs here): keep what the hosts held.
      throw await dump(e, 'mesh', lastMesh);
    });
    assert.deepEqual(Object.keys(r.replicas).sort(), ['mesh.1', 'mesh.2']);
  });

  test('a daemon killed -9 and started only after its lease expired: the routing mesh answers on every host again', async () => {
    const lease = lab.leaseOf(1) as string;
    assert.ok(lease, 'host 1 holds a lease');
    await h1.kill9();
    // Slower than the lease TTL: etcd drops the host's rows (its ingress address's among them) and claims.
    await lab.leaseExpired(lease, 'host 1 killed');
    await h1.startDaemon(lab.daemonArgs(1));
    await wait('host 1 alive again', () =>
      h0.c.call('node.ls', {}).then((r) => r.nodes.filter((n) => n.state === 'alive').length === 3),
    );
    await running(h0, 'mesh', 2);
    await running(h0, 'web', 3);
    for (const i of [1, 0, 2]) {
      await meshMapIs(i, 'mesh', 8080, `host ${i}'s mesh map after the late start`);
      let last = {};
      const r = await wait(`port 8080 on host ${i} after host 1's late start`, () => {
        const x = requests(outside.name, hostAddr(i), 8080, 10);
        last = x;
        return x.failed === 0 && Object.keys(x.replicas).length === 2 && x;
      }).catch(async (e) => {
        throw await dump(e, 'mesh', last);
      });
      assert.deepEqual(Object.keys(r.replicas).sort(), ['mesh.1', 'mesh.2']);
    }
    // Its ingress address is on its bridge once, and its row is in the store again with that address.
    const own = [
      ...h1.inHost(['ip', '-4', '-o', 'addr', 'show']).stdout.matchAll(/inet (10\.255\.\d+\.\d+)\/32/g),
    ].map((m) => m[1]);
    assert.equal(own.length, 1, own.join(','));
    const rows = lab
      .etcdKeys()
      .filter((k) => /\/endpoints\/[^/]+\/ingress-/.test(k))
      .map((k) => JSON.parse(lab.etcdGet(k) ?? '{}') as { vtep?: string; ipv4?: string })
      .filter((row) => row.vtep === hostAddr(1));
    assert.deepEqual(
      rows.map((row) => row.ipv4),
      own,
    );
  });

  test('a replica removed and a host killed: after the lease time no request fails', async () => {
    const netns = await h0.netnsOf('client0');
    const vip = (await h0.c.call('service.inspect', { service: 'web' })).networks[0]?.vip as string;
    // Replica removed under the engine's feet: it leaves the set, and its host starts it again.
    const victim = (await h1.c.call('service.ps', { service: 'web' })).find(
      (r) => r.hostAddress !== hostAddr(2),
    );
    const owner = h.find((_, i) => hostAddr(i) === victim?.hostAddress) as NamespaceHost;
    await owner.c.call('sandbox.rm', { sandbox: victim?.sandbox as string });
    await running(h0, 'web', 3);
    await wait('every request answered after the removal', () => {
      const x = requests(netns, vip, 80, 30);
      return x.failed === 0 && Object.keys(x.replicas).length === 3;
    });
    // A published port with a replica on every host: each host's mesh map holds exactly the three, then
    // two after a scale down.
    await h0.c.call('service.create', {
      name: 'edge',
      networks: ['front'],
      replicas: 3,
      ports: [{ published: 8090, target: 80 }],
      command: RESPONDER,
    });
    for (const [k, n] of [3, 2, 3].entries()) {
      if (k > 0) await h1.c.call('service.scale', { service: 'edge', replicas: n });
      await running(h1, 'edge', n);
      for (const i of [0, 1, 2])
        await meshMapIs(i, 'edge', 8090, `host ${i}'s mesh map holds the ${n} replicas`);
    }
    // Host 3 dies (engine kill -9, its namespaces gone): its replica leaves every set when its lease ends,
    // and is placed again on a living host.
    await lab.vanish(2);
    const r = await wait(
      'no request failing after host 3 died',
      () => {
        const x = requests(netns, vip, 80, 60);
        return x.failed === 0 && x;
      },
      20_000,
    );
    assert.equal(r.failed, 0);
    const ps = await running(h0, 'web', 3);
    assert.ok(
      ps.every((t) => t.hostAddress !== hostAddr(2)),
      JSON.stringify(ps),
    );
    const again = requests(netns, vip, 80, 60);
    assert.equal(again.failed, 0, again.errors.join(','));
    assert.equal(Object.keys(again.replicas).length, 3);
    // The routing mesh too: each living host's map is the replica set again (the dead host's replica out,
    // its replacement in), and the port answers from every replica, none failing.
    await wait('edge: three replicas on the living hosts', async () => {
      const x = await running(h0, 'edge', 3);
      return x.every((t) => t.hostAddress !== hostAddr(2)) && x;
    });
    for (const i of [0, 1]) {
      await meshMapIs(i, 'edge', 8090, `host ${i}'s mesh map after the host kill`);
      const x = requests(outside.name, hostAddr(i), 8090, 12);
      assert.equal(x.failed, 0, x.errors.join(','));
      assert.equal(Object.keys(x.replicas).length, 3, JSON.stringify(x));
    }
  });

  test('teardown leaves no rule, map element, link or etcd key', async () => {
    const living = [h0, h1];
    for (const svc of await h0.c.call('service.ls', {})) await h1.c.call('service.rm', { service: svc.name });
    assert.deepEqual(await h1.c.call('service.ls', {}), []);
    for (const host of living) {
      await wait('no service sandbox left', async () =>
        (await host.c.call('sandbox.ls', {})).every((s) => !s.name.includes('.')),
      );
      for (const sb of await host.c.call('sandbox.ls', {})) {
        const nft = () =>
          sh(['nsenter', `--net=/run/netns/${sb.netns}`, '--', 'nft', 'list', 'ruleset']).stdout;
        await wait(`${sb.name} holds no load balancer`, () => !nft().includes('switchyard_svc'));
        await host.c.call('sandbox.rm', { sandbox: sb.id });
      }
    }
    for (const n of ['front', 'back', 'ingress'])
      await wait(`rm ${n}`, () => h0.c.call('network.rm', { network: n }).then(() => true));
    for (const host of living) {
      await wait('no global network left', () =>
        host.c.call('network.ls', {}).then((l) => l.every((n) => n.Scope === 'local')),
      );
      // A mirror's record goes before its links (cluster/mirror.ts unbuildMirror): the links a moment later.
      let links: string[] = [];
      await wait('only the default bridge left', () => (links = host.ourLinks()).length === 1).catch((e) => {
        throw new Error(`${String(e)}: ${links.join(' ')}`);
      });
      assert.deepEqual(host.sandboxNamespaces(), [], 'none but the spare');
      const nft = host.inHost(['nft', 'list', 'ruleset']).stdout;
      assert.doesNotMatch(
        nft,
        /10\.232\.|10\.233\.|10\.255\.|8080|8081|8090/,
        'no service address or port left',
      );
    }
    await wait(
      'only the living hosts keys',
      () => {
        const keys = lab.etcdKeys().filter((k) => !k.startsWith('/switchyard/v1/hosts/'));
        return keys.length === 0 || undefined;
      },
      10_000,
    ).catch((e) => {
      throw new Error(`${String(e)}: ${lab.etcdKeys().join(' ')}`);
    });
  });
});
