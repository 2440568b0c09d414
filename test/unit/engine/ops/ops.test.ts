// The engine's operations as data: a whole EngineContext whose runner is a FakeRunner (a real store in a
// temp dir, the real drivers and firewall), so `network create`, `network rm` and `sandbox create` in
// every mode are checked by the exact commands they would run, sysctls included, without root and without
// touching this machine's kernel. test/engine/ runs the same operations for real.
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
import type { EngineContext } from '../../../../engine/src/engine-context';
import { createNetwork, removeNetwork } from '../../../../engine/src/ops/network-ops';
import { createSandbox, removeSandbox } from '../../../../engine/src/ops/sandbox-ops';
import { Store } from '../../../../engine/src/store/store';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A kernel as data: /proc/sys values (forwarding off), one uplink, and a hook to fail chosen commands. */
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
