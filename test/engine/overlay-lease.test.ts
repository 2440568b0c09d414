// A restarted engine and its lease. Two namespace hosts, one etcd member, lease TTL 10 s. Host 1's daemon is
// killed (-9) and started again on the same state dir: within the TTL it resumes its lease (the id is kept in
// its state dir), so etcd's history shows no event for its rows at all (no delete, no rewrite) and host 2
// never drops its endpoint; after the TTL its rows are gone, it gets a new lease and host 2 gets them back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { type NamespaceHost, skipReason } from './harness';
import { OverlayLab, expected, hostAddr, programmed, vxlanOf, waitFor } from './overlay-lab';

const skip = skipReason(spawnSync('which', ['etcd']).status === 0 ? [] : ['etcd']);
const TTL = 10;

describe('engine: a restarted engine resumes its cluster lease', { skip }, () => {
  let lab: OverlayLab;
  let h0: NamespaceHost;
  let h1: NamespaceHost;
  let id = '';
  before(async () => {
    lab = await OverlayLab.start({
      hosts: 2,
      members: 1,
      storeOpts: ['--cluster-store-opt', 'kv.insecure=true', '--cluster-store-opt', `discovery.ttl=${TTL}`],
    });
    [h0, h1] = lab.hosts as [NamespaceHost, NamespaceHost];
  });
  after(async () => lab?.close());

  /** Host 2's FDB and neighbours hold exactly host 1's endpoints. */
  const h1Knows = (want: { fdb: string[]; neigh: string[] }) =>
    JSON.stringify(programmed(h1, vxlanOf(h1, id))) === JSON.stringify(want);
  /**
   * The registration line of host 1's new daemon, once a resync followed it (its rows are settled then).
   * The log is emptied before each start, so a line of the killed daemon is never taken for it.
   */
  const registered = () =>
    waitFor('host 1 registered and resynced', () => {
      const log = h0.log;
      const reg = log.lastIndexOf('"msg":"registered with the cluster store"');
      if (reg < 0 || log.lastIndexOf('"msg":"cluster resynced"') < reg) return undefined;
      return log.slice(reg, log.indexOf('\n', reg));
    });
  const ping = async (from: NamespaceHost, sb: string, to: string) =>
    waitFor(`${sb} → ${to} answered`, () =>
      from.c
        .call('diag.ping', { from: { sandbox: sb }, host: to, count: 1, timeoutMs: 1500 })
        .then((r) => r.received === 1 || undefined),
    );

  test('an overlay with an endpoint on each host', async () => {
    await waitFor('two alive nodes', () =>
      h0.c.call('node.ls', {}).then((r) => r.nodes.filter((n) => n.state === 'alive').length === 2),
    );
    await h0.c.call('network.create', { name: 'ls', driver: 'overlay', attachable: true });
    id = (await h0.c.call('network.inspect', { network: 'ls' })).Id;
    await waitFor('ls on host 2', () =>
      h1.c.call('network.ls', {}).then((l) => l.some((n) => n.Name === 'ls')),
    );
    await h0.c.call('sandbox.create', { name: 'a', networks: ['ls'] });
    await h1.c.call('sandbox.create', { name: 'b', networks: ['ls'] });
    const want = await expected(lab, 1, 'ls');
    assert.equal(want.fdb.length, 1);
    await waitFor('host 2 programs a', () => h1Knows(want) || undefined);
    await ping(h1, 'b', 'a');
  });

  test('restarted within the TTL: the lease is resumed, no row of host 1 is deleted or written again', async () => {
    const want = await expected(lab, 1, 'ls');
    const lease = lab.leaseOf(0) as string;
    assert.ok(lease, 'host 1 has a lease');
    const from = lab.revision();
    // Host 2's table, sampled while host 1 is down and coming back: its entries must never leave.
    let dropped = '';
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        if (!h1Knows(want)) dropped ||= JSON.stringify(programmed(h1, vxlanOf(h1, id)));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      h0.log = '';
      await lab.restartDaemon(0);
      const line = await registered();
      assert.match(line, new RegExp(`"lease":"${lease}","resumed":true`), line);
    } finally {
      sampling = false;
      await sampler;
    }
    assert.equal(lab.leaseOf(0), lease);
    const events = lab.storeEvents(from);
    assert.deepEqual(events, [], `etcd events after the restart (revision ${from}): ${events.join(', ')}`);
    assert.equal(dropped, '', `host 2 lost host 1's endpoint during the restart: ${dropped}`);
    await ping(h1, 'b', 'a');
    await ping(h0, 'a', 'b');
  });

  test('restarted after the TTL: a new lease, its rows written again, host 2 reconverges', async () => {
    const want = await expected(lab, 1, 'ls');
    const lease = lab.leaseOf(0) as string;
    await h0.kill9();
    await lab.leaseExpired(lease, 'host 1 killed');
    await waitFor('host 2 drops host 1', () => programmed(h1, vxlanOf(h1, id)).fdb.length === 0 || undefined);
    const from = lab.revision();
    h0.log = '';
    await h0.startDaemon(lab.daemonArgs(0));
    const line = await registered();
    assert.match(line, /"resumed":false/, line);
    const fresh = lab.leaseOf(0) as string;
    assert.notEqual(fresh, lease);
    await waitFor('host 2 programs host 1 again', () => h1Knows(want) || undefined);
    const events = lab.storeEvents(from);
    assert.ok(events.includes(`PUT /switchyard/v1/hosts/${hostAddr(0)}`), events.join(', '));
    assert.ok(
      events.some((e) => e.startsWith(`PUT /switchyard/v1/endpoints/${id}/`)),
      `host 1's endpoint row written again: ${events.join(', ')}`,
    );
    await ping(h1, 'b', 'a');
  });

  test('teardown leaves no etcd key but the hosts', async () => {
    await h0.c.call('sandbox.rm', { sandbox: 'a' });
    await h1.c.call('sandbox.rm', { sandbox: 'b' });
    await h0.c.call('network.rm', { network: 'ls' });
    assert.deepEqual(
      lab.etcdKeys().filter((k) => !k.startsWith('/switchyard/v1/hosts/')),
      [],
    );
  });
});
