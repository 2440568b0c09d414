import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeRunner } from '../../../../engine/src/exec/fake-runner';
import type { Command, CommandResult, Runner } from '../../../../engine/src/exec/command';
import type { NetworkRecord } from '../../../../engine/src/model/types';
import {
  OverlayBypass,
  countersFrom,
  renderBypass,
  renderBypassDelta,
} from '../../../../engine/src/drivers/overlay-bypass';

const contents = (remote: string[], local: [string, string, string][]) => ({
  remote: new Set(remote),
  local: new Map(local.map(([id, mac, ifname]) => [id, { mac, ifname }])),
});
const net = (icc = true) => ({ id: 'abcdef0123', name: 'ov', icc }) as unknown as NetworkRecord;
const A = '02:42:0a:00:00:02';
const B = '02:42:0a:00:00:03';
const L = '02:42:0a:00:00:09';
/** A bypass on a kernel that has netdev fwd, and the warnings it logs. */
const bypassOn = (r: Runner) => {
  const warned: string[] = [];
  const b = new OverlayBypass(
    r,
    () => 'T',
    (m) => warned.push(m),
  );
  b.unavailable = undefined;
  return { b, warned };
};

describe('overlay bridge bypass', () => {
  test('the whole table: remote set, local map, one chain on the VXLAN device and one per local veth', () => {
    const text = renderBypass(
      'T',
      't-xabcdef0',
      contents([A, 'not-a-mac'], [['e9abcdef012345', L, 't-ve9abcde']]),
    );
    assert.equal(
      text,
      [
        'table netdev T',
        'delete table netdev T',
        'table netdev T {',
        `\tset remote { type ether_addr; elements = { ${A} }; }`,
        `\tmap local { type ether_addr : iface_index; elements = { ${L} : "t-ve9abcde" }; }`,
        '\tchain vxlan { type filter hook ingress device "t-xabcdef0" priority 0; policy accept; ether daddr @local counter fwd to ether daddr map @local; }',
        '\tchain p_e9abcdef0123 { type filter hook ingress device "t-ve9abcde" priority 0; policy accept; ether daddr @remote counter fwd to "t-xabcdef0"; }',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('a change: gone MACs deleted, new added, a local port with a new MAC keeps its chain', () => {
    const from = contents([A], [['e1', L, 'v1']]);
    const to = contents([B], [['e1', '02:42:0a:00:00:0a', 'v1']]);
    assert.deepEqual(renderBypassDelta('T', 'vx', from, to).trim().split('\n'), [
      `delete element netdev T remote { ${A} }`,
      `add element netdev T remote { ${B} }`,
      `delete element netdev T local { ${L} }`,
      'add element netdev T local { 02:42:0a:00:00:0a : "v1" }',
    ]);
    assert.equal(renderBypassDelta('T', 'vx', to, to), '');
    const gone = renderBypassDelta('T', 'vx', to, contents([B], []));
    assert.match(gone, /flush chain netdev T p_e1\ndelete chain netdev T p_e1/);
  });

  test('counters per direction from nft -j', () => {
    const json = JSON.stringify({
      nftables: [
        { metainfo: {} },
        { rule: { chain: 'vxlan', expr: [{ counter: { packets: 5, bytes: 1 } }, { fwd: {} }] } },
        { rule: { chain: 'p_1', expr: [{ match: {} }, { counter: { packets: 3, bytes: 1 } }] } },
        { rule: { chain: 'p_2', expr: [{ counter: { packets: 4, bytes: 1 } }] } },
      ],
    });
    assert.deepEqual(countersFrom(json), { fromVxlan: 5, toVxlan: 7 });
  });

  test('a failed change rewrites the whole table; a failed table turns the bypass off and removes it', async () => {
    let fail = 0;
    const r = new FakeRunner(() =>
      fail-- > 0 ? { exitCode: 1, stderr: 'Error: No such file or directory' } : {},
    );
    const { b, warned } = bypassOn(r);
    await b.program(net(), 'vx', contents([A], []), false);
    assert.match(r.calls[0]?.stdin ?? '', /^table netdev T\ndelete table netdev T\n/, 'first write is whole');
    r.calls.length = 0;
    fail = 1;
    await b.program(net(), 'vx', contents([A, B], []), false);
    assert.equal(r.calls.length, 2);
    assert.match(r.calls[0]?.stdin ?? '', /^add element netdev T remote/);
    assert.match(r.calls[1]?.stdin ?? '', /^table netdev T\ndelete table netdev T\ntable netdev T \{/);
    r.calls.length = 0;
    fail = 1;
    await b.program(net(), 'vx', contents([A], []), true);
    assert.deepEqual(
      r.calls.map((c) => c.stdin),
      [r.calls[0]?.stdin, 'table netdev T\ndelete table netdev T\n'],
    );
    assert.match(await b.status(net()), /^off: nft could not load the bypass table: Error: No such file/);
    assert.deepEqual(warned, [
      'overlay bypass: a change failed; writing the whole table again',
      'overlay bypass off for this network until a later change loads it: frames take the bridge',
    ]);
  });

  test('ICC off or a kernel without netdev fwd: no table, and inspect says why', async () => {
    const r = new FakeRunner();
    const b = new OverlayBypass(r, () => 'T');
    b.unavailable = undefined;
    await b.program(net(false), 'vx', contents([A], []), true);
    assert.deepEqual(
      r.calls.map((c) => c.stdin),
      ['table netdev T\ndelete table netdev T\n'],
    );
    assert.match(await b.status(net(false)), /^off: ICC is off on this network/);
    b.unavailable = 'the bridge bypass is off: this kernel has no nftables netdev ingress forwarding';
    assert.match(await b.status(net()), /^off: the bridge bypass is off: this kernel/);
  });

  test('a kernel without netdev fwd (or no nft): no nft command at all, also when the network goes', async () => {
    const r = new FakeRunner();
    const b = new OverlayBypass(r, () => 'T');
    b.unavailable = 'no netdev fwd';
    await b.program(net(), 'vx', contents([A], [['e1', L, 'v1']]), true);
    await b.leave(net().id, 'e1');
    await b.remove(net());
    assert.equal(r.calls.length, 0);
  });

  test('a network made again: no nft at the create, its first change writes the whole table (any old one replaced)', async () => {
    const r = new FakeRunner();
    const b = new OverlayBypass(r, () => 'T');
    b.unavailable = undefined;
    await b.program(net(), 'vx', contents([A], [['e1', L, 'v1']]), true);
    r.calls.length = 0;
    await b.forget(net());
    assert.equal(r.calls.length, 0, 'forgetting runs no command');
    // Not a delta against what the earlier life held: the whole table, which deletes whatever is there first.
    await b.program(net(), 'vx', contents([B], []), false);
    assert.deepEqual(
      r.calls.map((c) => c.stdin),
      [renderBypass('T', 'vx', contents([B], []))],
    );
  });

  test('a leaving endpoint leaves the map and its chain in one transaction', async () => {
    const r = new FakeRunner();
    const b = new OverlayBypass(r, () => 'T');
    b.unavailable = undefined;
    await b.program(net(), 'vx', contents([A], [['e1', L, 'v1']]), true);
    r.calls.length = 0;
    await b.leave(net().id, 'e1');
    assert.deepEqual(
      r.calls.map((c) => c.stdin),
      [`delete element netdev T local { ${L} }; flush chain netdev T p_e1; delete chain netdev T p_e1\n`],
    );
    r.calls.length = 0;
    await b.leave(net().id, 'e1');
    assert.equal(r.calls.length, 0, 'nothing left to remove');
  });

  test('changes that arrive while one runs merge into the next: one transaction, the latest contents', async () => {
    // A runner whose answers wait until the test lets them go (an nft change that takes a while).
    const calls: Command[] = [];
    let release: () => void = () => undefined;
    let gate = Promise.resolve();
    const r: Runner = {
      async run(cmd: Command): Promise<CommandResult> {
        calls.push(cmd);
        await gate;
        return { exitCode: 0, stdout: '', stderr: '' };
      },
    };
    const b = new OverlayBypass(r, () => 'T');
    b.unavailable = undefined;
    await b.program(net(), 'vx', contents([A], []), true);
    calls.length = 0;
    gate = new Promise((res) => (release = res));
    const first = b.program(net(), 'vx', contents([A, B], []), false);
    await new Promise((res) => setImmediate(res));
    assert.equal(calls.length, 1, 'the first change is running');
    // Three more while it runs: they wait as one change, which carries the last contents.
    const later = [
      b.program(net(), 'vx', contents([A, B, L], []), false),
      b.program(net(), 'vx', contents([B, L], []), false),
      b.program(net(), 'vx', contents([B], [['e1', L, 'v1']]), false),
    ];
    assert.equal(later[0], later[2], 'one pending change for all three');
    release();
    await Promise.all([first, ...later]);
    assert.deepEqual(
      calls.map((c) => c.stdin),
      [
        `add element netdev T remote { ${B} }\n`,
        `delete element netdev T remote { ${A} }; add chain netdev T p_e1 { type filter hook ingress device "v1" priority 0; policy accept; ether daddr @remote counter fwd to "vx"; }; add element netdev T local { ${L} : "v1" }\n`,
      ],
    );
  });

  test('contents computed before a leave never put the left endpoint back; after its next join they may', async () => {
    const r = new FakeRunner();
    const b = new OverlayBypass(r, () => 'T');
    b.unavailable = undefined;
    const withE1 = contents([A], [['e1', L, 'v1']]);
    await b.program(net(), 'vx', withE1, true);
    await b.leave(net().id, 'e1');
    r.calls.length = 0;
    // A watch batch that read the endpoints before the leave: its veth is gone, so nothing is written.
    await b.program(net(), 'vx', withE1, false);
    assert.equal(r.calls.length, 0, 'the left endpoint stays out');
    await b.program(net(), 'vx', withE1, true);
    assert.doesNotMatch(r.calls[0]?.stdin ?? '', /v1/, 'a whole table leaves it out too');
    r.calls.length = 0;
    b.joined(net().id, 'e1');
    await b.program(net(), 'vx', withE1, false);
    assert.match(r.calls[0]?.stdin ?? '', /add element netdev T local \{ 02:42:0a:00:00:09 : "v1" \}/);
  });

  test('a command that cannot run (spawn failed): the change never rejects, the next one writes the whole table', async () => {
    let boom = false;
    const calls: Command[] = [];
    const r: Runner = {
      async run(cmd: Command): Promise<CommandResult> {
        calls.push(cmd);
        if (boom) throw new Error('spawn nft ENOENT');
        return { exitCode: 0, stdout: '', stderr: '' };
      },
    };
    const { b, warned } = bypassOn(r);
    await b.program(net(), 'vx', contents([A], []), true);
    boom = true;
    await b.program(net(), 'vx', contents([A, B], []), false);
    assert.deepEqual(warned, ['overlay bypass: a change could not run; the next one writes the whole table']);
    boom = false;
    calls.length = 0;
    await b.program(net(), 'vx', contents([A, B], []), false);
    assert.deepEqual(
      calls.map((c) => c.stdin),
      [renderBypass('T', 'vx', contents([A, B], []))],
    );
  });
});
