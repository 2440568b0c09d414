import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { networkCreateParams } from '../../../../engine/src/cli/network-create';
import { parseClusterConfig } from '../../../../engine/src/cluster/config';
import { encryptedRefusal } from '../../../../engine/src/cluster/kernel-crypto';
import { featuresFrom } from '../../../../engine/src/kernel/features';
import type { KernelInfo } from '@switchyard/protocol';
import { keys } from '../../../../engine/src/cluster/records';
import { ClusterView, emptyDirty } from '../../../../engine/src/cluster/view';
import { ClusterSync } from '../../../../engine/src/cluster/sync';
import { ClusterService } from '../../../../engine/src/cluster/service';
import type { ClusterStore } from '../../../../engine/src/cluster/store';
import type { EngineContext } from '../../../../engine/src/engine-context';
import { OverlayDriver } from '../../../../engine/src/drivers/overlay';
import { FakeRunner } from '../../../../engine/src/exec/fake-runner';
import type { NetworkRecord } from '../../../../engine/src/model/types';
import { parseFlags } from '../../../../core/src/flags';

describe('cluster store flags', () => {
  test('a loopback store may be plain text; TLS files become https endpoints', () => {
    const c = parseClusterConfig('etcd://127.0.0.1:2379', [], '10.0.0.1');
    assert.deepEqual(c.endpoints, ['http://127.0.0.1:2379']);
    const t = parseClusterConfig(
      'etcd://10.0.0.5:2379,10.0.0.6:2379',
      ['kv.cacertfile=/ca.pem', 'kv.certfile=/c.pem', 'kv.keyfile=/c.key'],
      '10.0.0.1',
    );
    assert.deepEqual(t.endpoints, ['https://10.0.0.5:2379', 'https://10.0.0.6:2379']);
    assert.equal(t.ttlS, 2);
  });

  test('plain text to a non-loopback store is refused unless kv.insecure=true', () => {
    assert.throws(
      () => parseClusterConfig('etcd://127.0.0.1:2379,10.0.0.5:2379', [], '10.0.0.1'),
      /refusing a plain-text cluster store etcd:\/\/127\.0\.0\.1:2379,10\.0\.0\.5:2379: give kv\.cacertfile/,
    );
    const c = parseClusterConfig('etcd://10.0.0.5:2379', ['kv.insecure=true'], '10.0.0.1');
    assert.deepEqual(c.endpoints, ['http://10.0.0.5:2379']);
  });

  test('an IPv6 advertise address is kept in one spelling (as ip -json prints it)', () => {
    const c = parseClusterConfig('etcd://127.0.0.1:2379', [], '2001:DB8:5918:0:0:0:0:11');
    assert.equal(c.advertiseAddr, '2001:db8:5918::11');
    assert.equal(c.nodeName, '2001:db8:5918::11');
  });

  test('bad flags say which and what to do', () => {
    assert.throws(() => parseClusterConfig('consul://x:8500', [], '10.0.0.1'), /use etcd:\/\/HOST:PORT/);
    assert.throws(
      () => parseClusterConfig('etcd://127.0.0.1', [], '10.0.0.1'),
      /"127\.0\.0\.1" is not HOST:PORT/,
    );
    assert.throws(
      () => parseClusterConfig('etcd://127.0.0.1:2379', [], undefined),
      /needs --advertise-addr IP/,
    );
    assert.throws(
      () => parseClusterConfig('etcd://127.0.0.1:2379', ['kv.certfile=/c.pem'], '10.0.0.1'),
      /kv\.certfile and kv\.keyfile go together/,
    );
    assert.throws(
      () => parseClusterConfig('etcd://127.0.0.1:2379', ['kv.foo=1'], '10.0.0.1'),
      /unknown option; known: kv\.cacertfile/,
    );
    assert.throws(
      () => parseClusterConfig('etcd://127.0.0.1:2379', ['discovery.ttl=1'], '10.0.0.1'),
      /use 2 to 300 seconds/,
    );
  });

  test('-o encrypted names what the kernel lacks (from the start-up probe), or what it has', () => {
    const kernel = (has: string[]): KernelInfo => ({
      release: '6.18',
      features: featuresFrom('', undefined).map((f) =>
        has.includes(f.name) || !['esp', 'wireguard'].includes(f.name)
          ? f
          : {
              ...f,
              available: false,
              detail: f.name === 'esp' ? 'Protocol not supported' : 'Unknown device type.',
            },
      ),
    });
    assert.match(
      encryptedRefusal(kernel([])),
      /this kernel \(6\.18\) has neither IPsec ESP .*"Protocol not supported".* nor WireGuard links \(CONFIG_WIREGUARD: "Unknown device type\."\)/,
    );
    assert.match(encryptedRefusal(kernel(['wireguard'])), /the kernel has WireGuard links/);
    assert.match(encryptedRefusal(undefined), /has neither/, 'no probe: nothing is assumed');
  });
});

describe('cluster view', () => {
  const row = (id: string, net = 'n1') =>
    JSON.stringify({
      id,
      networkId: net,
      vtep: '10.0.0.2',
      host: 'h2',
      sandboxId: 's',
      name: id,
      aliases: [],
      mac: '02:42:0a:00:00:02',
      ipv4: '10.0.0.2',
    });

  test('applies puts and deletes, marks what changed, and never trusts a bad row', () => {
    const v = new ClusterView();
    const d = emptyDirty();
    v.apply(keys.endpoint('n1', 'e1'), row('e1'), d);
    v.apply(keys.endpoint('n1', 'e2'), '{"id":"e2"}', d);
    v.apply(keys.endpoint('n1', 'e3'), row('other'), d);
    assert.deepEqual(
      v.rowsOf('n1').map((r) => r.id),
      ['e1'],
    );
    assert.equal(v.rejected, 2);
    assert.deepEqual([...d.endpointsOf], ['n1']);
    v.apply(keys.endpoint('n1', 'e1'), undefined, d);
    assert.deepEqual(v.rowsOf('n1'), []);
  });

  test('a host whose record goes is remembered as unreachable until it comes back', () => {
    const v = new ClusterView();
    const host = JSON.stringify({
      name: 'h2',
      address: '10.0.0.2',
      engineVersion: '0.1.0',
      started: new Date().toISOString(),
      lease: '7',
    });
    v.apply(keys.host('10.0.0.2'), host, emptyDirty());
    v.apply(keys.host('10.0.0.2'), undefined, emptyDirty());
    assert.ok(v.gone.get('10.0.0.2'));
    v.apply(keys.host('10.0.0.2'), host, emptyDirty());
    assert.equal(v.gone.size, 0);
    assert.equal(v.hosts.size, 1);
  });
});

describe('overlay driver programming', () => {
  const net = { id: 'abcdef0123', options: {} } as unknown as NetworkRecord;
  const peer = (ip: string, mac: string, vtep = '198.18.0.12') => ({ ip, mac, vtep });

  test('one ip batch and one bridge batch per change; a changed MAC is replaced, a gone peer deleted', async () => {
    const r = new FakeRunner();
    const d = new OverlayDriver(
      r,
      () => undefined,
      (id) => `t-x${id.slice(0, 7)}`,
    );
    await d.programPeers(
      net,
      new Map([
        ['e1', peer('10.0.0.2', '02:42:0a:00:00:02')],
        ['e2', peer('10.0.0.3', '02:42:0a:00:00:03')],
      ]),
    );
    assert.equal(r.calls.length, 2);
    const text = r.calls.map((c) => c.stdin).join('');
    assert.match(text, /neigh replace 10\.0\.0\.2 lladdr 02:42:0a:00:00:02 dev t-xabcdef0 nud permanent/);
    assert.match(text, /fdb replace 02:42:0a:00:00:03 dev t-xabcdef0 dst 198\.18\.0\.12 self permanent/);
    r.calls.length = 0;
    await d.programPeers(net, new Map([['e1', peer('10.0.0.2', '02:42:0a:00:00:99')]]));
    const after = r.calls.map((c) => c.stdin).join('');
    assert.match(after, /fdb del 02:42:0a:00:00:02 dev t-xabcdef0 self/);
    assert.match(after, /neigh replace 10\.0\.0\.2 lladdr 02:42:0a:00:00:99/);
    assert.match(after, /neigh del 10\.0\.0\.3 dev t-xabcdef0/);
    assert.match(after, /fdb del 02:42:0a:00:00:03 dev t-xabcdef0 self/);
    assert.doesNotMatch(after, /neigh add/);
    r.calls.length = 0;
    await d.programPeers(net, new Map([['e1', peer('10.0.0.2', '02:42:0a:00:00:99')]]));
    assert.equal(r.calls.length, 0, 'nothing to do, no process');
  });

  test('from the kernel: entries no endpoint explains are removed, wrong MACs replaced', async () => {
    const r = new FakeRunner((c) => {
      if (c.argv[0] === 'bridge' && c.argv.includes('-j'))
        return {
          stdout: JSON.stringify([
            { mac: '02:42:0a:00:00:02', dst: '198.18.0.12' },
            { mac: '02:aa:00:00:00:01', dst: '198.18.0.13' },
            { mac: '7e:00:00:00:00:01', flags: ['self'] },
          ]),
        };
      if (c.argv.includes('neigh') && c.argv.includes('-j'))
        return {
          stdout: JSON.stringify([
            { dst: '10.0.0.2', lladdr: '02:42:de:ad:be:ef' },
            { dst: '10.0.0.250', lladdr: '02:aa:00:00:00:01' },
          ]),
        };
      return {};
    });
    const d = new OverlayDriver(
      r,
      () => undefined,
      (id) => `t-x${id.slice(0, 7)}`,
    );
    await d.programPeers(net, new Map([['e1', peer('10.0.0.2', '02:42:0a:00:00:02')]]), true);
    const text = r.calls.map((c) => c.stdin ?? '').join('');
    assert.match(text, /neigh del 10\.0\.0\.250 dev/);
    assert.match(text, /fdb del 02:aa:00:00:00:01 dev/);
    assert.match(text, /neigh replace 10\.0\.0\.2 lladdr 02:42:0a:00:00:02/);
    assert.doesNotMatch(text, /fdb del 02:42:0a:00:00:02/);
  });
});

describe('network create flags for overlays', () => {
  const parse = (argv: string[]) =>
    networkCreateParams(
      'x',
      parseFlags(argv, {
        values: ['--driver', '--opt'],
        bools: ['--attachable'],
        alias: { '-d': '--driver', '-o': '--opt' },
      }),
    );

  test('-o encrypted takes no value, as Docker; overlays are attachable only with --attachable', () => {
    const p = parse(['-d', 'overlay', '-o', 'encrypted']);
    assert.deepEqual(p.options, { encrypted: '' });
    assert.equal(p.attachable, false);
    assert.equal(parse(['-d', 'overlay', '--attachable']).attachable, true);
    assert.equal(parse([]).attachable, true, 'local networks stay attachable');
  });
});

describe('cluster sync', () => {
  test('a watch event older than the state already listed is ignored (a member still catching up)', async () => {
    const log = { enabled: () => false, debug() {}, info() {}, warn() {}, error() {} };
    const ctx = { store: { state: { networks: [] } }, log } as unknown as EngineContext;
    const sync = new ClusterSync(ctx, {} as ClusterStore, { type: 'overlay' } as OverlayDriver, '10.0.0.1');
    const row = JSON.stringify({
      id: 'e1',
      networkId: 'n1',
      vtep: '10.0.0.2',
      host: 'h2',
      sandboxId: 's',
      name: 'e1',
      aliases: [],
      mac: '02:42:0a:00:00:02',
      ipv4: '10.0.0.2',
    });
    // Listed at revision 100 (the endpoint was added at 90 and removed at 95): a lagging watch replays 90.
    sync.revision = 100;
    sync.event(keys.endpoint('n1', 'e1'), row, '90');
    assert.deepEqual(sync.view.rowsOf('n1'), []);
    sync.event(keys.endpoint('n1', 'e1'), row, '100');
    assert.deepEqual(sync.view.rowsOf('n1'), []);
    sync.event(keys.endpoint('n1', 'e1'), row, '101');
    assert.deepEqual(
      sync.view.rowsOf('n1').map((r) => r.id),
      ['e1'],
    );
    await new Promise((r) => setImmediate(r));
    await sync.close();
  });

  test('events that arrive while an update programs the kernel wait as one batch, programmed from the view', async () => {
    const log = { enabled: () => false, debug() {}, info() {}, warn() {}, error() {} };
    const net = { id: 'n1', name: 'ov', scope: 'global', driver: 'overlay' } as NetworkRecord;
    const ctx = { store: { state: { networks: [net], endpoints: [] } }, log } as unknown as EngineContext;
    const programmed: string[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const driver = {
      type: 'overlay',
      async programPeers(_n: NetworkRecord, want: Map<string, unknown>) {
        programmed.push([...want.keys()].sort());
        if (programmed.length === 1) await gate;
      },
    } as unknown as OverlayDriver;
    const sync = new ClusterSync(ctx, {} as ClusterStore, driver, '10.0.0.1');
    const row = (i: number) =>
      JSON.stringify({
        id: `e${i}`,
        networkId: 'n1',
        vtep: '10.0.0.2',
        host: 'h2',
        sandboxId: `s${i}`,
        name: `e${i}`,
        aliases: [],
        mac: `02:42:0a:00:00:0${i}`,
        ipv4: `10.0.0.${i}`,
      });
    const tick = () => new Promise((r) => setImmediate(r));
    sync.event(keys.endpoint('n1', 'e1'), row(1), '1');
    await tick();
    await tick();
    assert.deepEqual(programmed, [['e1']], 'the first batch is programming');
    // Three events in separate ticks while it runs: one batch after it, not three.
    for (const i of [2, 3, 4]) {
      sync.event(keys.endpoint('n1', `e${i}`), row(i), String(i));
      await tick();
    }
    release();
    for (let i = 0; i < 5; i++) await tick();
    assert.deepEqual(programmed, [['e1'], ['e1', 'e2', 'e3', 'e4']]);
    await sync.close();
  });
});

/** The watch event of endpoint e1 on network n1, on host h2 (vtep 10.0.0.2): what the order tests feed. */
function remoteEndpointEvent(sync: ClusterSync) {
  sync.event(
    keys.endpoint('n1', 'e1'),
    JSON.stringify({
      id: 'e1',
      networkId: 'n1',
      vtep: '10.0.0.2',
      host: 'h2',
      sandboxId: 's1',
      name: 'e1',
      aliases: [],
      mac: '02:42:0a:00:00:01',
      ipv4: '10.0.0.1',
    }),
    '1',
  );
}

describe('cluster sync: the order after a batch', () => {
  test('the services agent is told once the peers are programmed, while the DNS update is still going', async () => {
    const log = { enabled: () => false, debug() {}, info() {}, warn() {}, error() {} };
    const net = { id: 'n1', name: 'ov', scope: 'global', driver: 'overlay' } as NetworkRecord;
    const seen: string[] = [];
    let releaseDns: () => void = () => undefined;
    const dnsGate = new Promise<void>((r) => (releaseDns = r));
    const ctx = {
      store: { state: { networks: [net], endpoints: [] } },
      log,
      dns: {
        async changed() {
          seen.push('dns started');
          await dnsGate;
          seen.push('dns done');
        },
      },
    } as unknown as EngineContext;
    const driver = {
      type: 'overlay',
      async programPeers(_n: NetworkRecord, want: Map<string, unknown>) {
        seen.push(`peers ${[...want.keys()].join()}`);
      },
    } as unknown as OverlayDriver;
    const sync = new ClusterSync(ctx, {} as ClusterStore, driver, '10.0.0.1');
    sync.onChange = () => seen.push('agent told');
    remoteEndpointEvent(sync);
    for (let i = 0; i < 5 && !seen.includes('dns started'); i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, ['peers e1', 'agent told', 'dns started'], 'the FDB first, then the agent');
    releaseDns();
    await sync.close();
    assert.deepEqual(seen.at(-1), 'dns done');
  });
});

describe('cluster sync: the agent before the DNS view', () => {
  test('a pass the services agent schedules when told (the next turn) runs before the DNS update starts', async () => {
    const log = { enabled: () => false, debug() {}, info() {}, warn() {}, error() {} };
    const net = { id: 'n1', name: 'ov', scope: 'global', driver: 'overlay' } as NetworkRecord;
    const seen: string[] = [];
    const ctx = {
      store: { state: { networks: [net], endpoints: [] } },
      log,
      dns: {
        async changed() {
          seen.push('dns started');
        },
      },
    } as unknown as EngineContext;
    const driver = { type: 'overlay', async programPeers() {} } as unknown as OverlayDriver;
    const sync = new ClusterSync(ctx, {} as ClusterStore, driver, '10.0.0.1');
    // As agent.ts `changed()` does: the pass is coalesced into the next turn of the event loop.
    sync.onChange = () => {
      seen.push('agent told');
      setImmediate(() => seen.push('agent pass'));
    };
    remoteEndpointEvent(sync);
    for (let i = 0; i < 6 && !seen.includes('dns started'); i++) await new Promise((r) => setImmediate(r));
    // Without the turn, the DNS view was rebuilt (in this thread) before the pass sent its nft transactions.
    assert.deepEqual(seen, ['agent told', 'agent pass', 'dns started']);
    await sync.close();
  });
});

describe('cluster address picks', () => {
  const service = () => {
    const ctx = { store: { state: { endpoints: [], networks: [] } } } as unknown as EngineContext;
    const sync = { view: { services: new Map(), rowsOf: () => [] } } as unknown as ClusterSync;
    const store = { cfg: { advertiseAddr: '10.0.0.1' } } as unknown as ClusterStore;
    return new ClusterService(ctx, store, sync, {} as OverlayDriver, () => 1500);
  };
  const net = {
    id: 'n1',
    name: 'ov',
    subnets: [{ subnet: '10.9.0.0/24', gateway: '10.9.0.1', auxAddresses: {}, auto: false }],
  } as unknown as NetworkRecord;

  test('a first pick is the lowest free address; after a lost race, one of the next few at random', () => {
    const s = service();
    assert.equal(s.pickAddress(net, 4, undefined), '10.9.0.2');
    const held = new Set(['10.9.0.2', '10.9.0.5']);
    const picks = new Set(Array.from({ length: 300 }, () => s.pickAddress(net, 4, undefined, held, 16)));
    const lows = Array.from({ length: 17 }, (_, i) => `10.9.0.${i + 3}`).filter((a) => !held.has(a));
    assert.ok(
      [...picks].every((p) => p !== undefined && lows.includes(p)),
      `picks within the 16 lowest free: ${[...picks].join(' ')}`,
    );
    assert.ok(picks.size >= 8, `spread over them, not the next one each time (${picks.size} distinct)`);
    // A requested address is that address; a nearly full pool still answers with what is left.
    assert.equal(s.pickAddress(net, 4, '10.9.0.77', held, 16), '10.9.0.77');
    const full = new Set(Array.from({ length: 250 }, (_, i) => `10.9.0.${i + 2}`));
    const last = new Set(Array.from({ length: 20 }, () => s.pickAddress(net, 4, undefined, full, 16)));
    const left = ['10.9.0.252', '10.9.0.253', '10.9.0.254'];
    assert.ok(
      [...last].every((p) => p !== undefined && left.includes(p)),
      [...last].join(' '),
    );
    full.add('10.9.0.252').add('10.9.0.253').add('10.9.0.254');
    assert.throws(() => s.pickAddress(net, 4, undefined, full, 16), /no available addresses/);
  });
});
