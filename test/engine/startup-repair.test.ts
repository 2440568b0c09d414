import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NamespaceHost, MAIN, must, skipReason, tsxInNetns } from './harness';

const skip = skipReason();

interface StateFile {
  networks: { name: string; device?: string; mtu: number }[];
  sandboxes: { id: string; name: string; netns: string }[];
  endpoints: { sandboxId: string; ifname: string }[];
}

describe('engine: one broken object does not stop the start-up repair of the others', { skip }, () => {
  let h: NamespaceHost;
  before(async () => {
    h = await NamespaceHost.start();
  });
  after(async () => h?.close());

  test('a sandbox and a network that cannot be re-created are marked broken, the rest works, rm works', async () => {
    await h.c.call('network.create', { name: 'good', ipam: [{ subnet: '10.66.0.0/24' }] });
    await h.c.call('network.create', { name: 'bad', ipam: [{ subnet: '10.67.0.0/24' }] });
    await h.c.call('sandbox.create', { name: 'ok1', networks: ['good'] });
    await h.c.call('sandbox.create', { name: 'ok2', networks: ['good'] });
    await h.c.call('sandbox.create', { name: 'sick', networks: ['good'] });
    await h.kill9();

    // Corrupt: the sick sandbox's namespace is gone and its record names an interface the kernel refuses
    // (17 bytes); the bad network's bridge is gone and its record has an MTU no bridge takes.
    const path = join(h.stateDir, 'state.json');
    const state = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
    const sick = state.sandboxes.find((s) => s.name === 'sick');
    const bad = state.networks.find((n) => n.name === 'bad');
    assert.ok(sick && bad?.device);
    for (const e of state.endpoints) if (e.sandboxId === sick.id) e.ifname = 'ethernet-too-long';
    bad.mtu = 1_000_000;
    writeFileSync(path, JSON.stringify(state));
    must(['ip', 'netns', 'del', sick.netns]);
    must(['ip', '-n', h.hostNs, 'link', 'del', bad.device]);

    await h.startDaemon();
    const sandboxes = await h.c.call('sandbox.ls', {});
    const byName = new Map(sandboxes.map((s) => [s.name, s]));
    assert.match(byName.get('sick')?.broken ?? '', /ethernet-too-long|name/i, 'the reason is given');
    assert.equal(byName.get('ok1')?.broken, undefined);
    const networks = await h.c.call('network.ls', {});
    assert.ok(networks.find((n) => n.Name === 'bad')?.Broken, 'the network is broken');
    assert.equal(networks.find((n) => n.Name === 'good')?.Broken, undefined);
    assert.match(h.log, /could not repair sandbox at start.*"sandbox":"sick"/);

    // The others work.
    const ok2 = byName.get('ok2')?.endpoints[0]?.ipv4 as string;
    const r = await h.c.call('diag.ping', { from: { sandbox: 'ok1' }, host: ok2, count: 1, timeoutMs: 2000 });
    assert.equal(r.received, 1, 'traffic between the repaired sandboxes flows');

    // The CLI shows it.
    const cli = (...args: string[]) => tsxInNetns(h.hostNs, MAIN, ['--socket', h.socket, ...args]).stdout;
    assert.match(cli('sandbox', 'ls'), /sick\s.*\sbroken\n/);
    assert.match(cli('network', 'ls'), /bad\s+bridge\s+local\s+broken\n/);

    // rm still works on both, and leaves nothing behind.
    await h.c.call('sandbox.rm', { sandbox: 'sick' });
    await h.c.call('network.rm', { network: 'bad' });
    const names = (await h.c.call('sandbox.ls', {})).map((s) => s.name).sort();
    assert.deepEqual(names, ['ok1', 'ok2']);
    assert.equal(h.sandboxNamespaces().length, 2);
    assert.ok(!(await h.c.call('network.ls', {})).some((n) => n.Name === 'bad' || n.Broken));
  });
});
