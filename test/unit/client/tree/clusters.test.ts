// The tree's cluster view: hosts that share a cluster store become one cluster, each overlay once, with
// the hosts that hold endpoints on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkInspect } from '@switchyard/protocol';
import type { Host } from '../../../../client/src/hosts/host';
import { clusterGroups, inCluster, storeKey } from '../../../../client/src/tree/clusters';

const net = (Id: string, Name: string, Scope: string, containers: string[] = []) =>
  ({
    Id,
    Name,
    Scope,
    Driver: Scope === 'global' ? 'overlay' : 'bridge',
    Containers: Object.fromEntries(containers.map((c) => [c, { Name: c }])),
  }) as unknown as NetworkInspect;
const host = (id: string, store: string | undefined, networks: NetworkInspect[], state = 'connected') =>
  ({
    id,
    label: id,
    state,
    engine: {
      networks,
      sandboxes: [],
      cluster: store ? { store, storeState: 'connected', nodes: [] } : undefined,
    },
  }) as unknown as Host;

test('hosts on one store (endpoints in any order) form one cluster; each overlay once, by host', () => {
  const a = host('a', 'etcd://10.0.0.1:2379,10.0.0.2:2379', [
    net('n1', 'ov1', 'global', ['x']),
    net('l1', 'front', 'local'),
  ]);
  const b = host('b', 'etcd://10.0.0.2:2379,10.0.0.1:2379', [
    net('n1', 'ov1', 'global', ['y', 'z']),
    net('n2', 'ov0', 'global'),
  ]);
  const solo = host('c', undefined, [net('l2', 'back', 'local')]);
  const down = host('d', 'etcd://10.0.0.1:2379,10.0.0.2:2379', [], 'failed');
  const groups = clusterGroups([a, b, solo, down]);
  assert.equal(groups.length, 1);
  const g = groups[0];
  assert.equal(g?.store, storeKey('etcd://10.0.0.2:2379,10.0.0.1:2379'));
  assert.deepEqual(
    g?.hosts.map((h) => h.id),
    ['a', 'b'],
  );
  assert.deepEqual(
    g?.networks.map((n) => n.network.Name),
    ['ov0', 'ov1'],
  );
  const ov1 = g?.networks.find((n) => n.network.Id === 'n1');
  assert.deepEqual(
    ov1?.byHost.map((e) => [e.host.id, Object.keys(e.network.Containers ?? {})]),
    [
      ['a', ['x']],
      ['b', ['y', 'z']],
    ],
  );
  assert.equal(inCluster(a), true);
  assert.equal(inCluster(solo), false);
});

test('two stores are two clusters; no store, no cluster', () => {
  const a = host('a', 'etcd://10.0.0.1:2379', [net('n1', 'ov1', 'global')]);
  const b = host('b', 'etcd://10.9.0.1:2379', [net('n9', 'ov9', 'global')]);
  assert.deepEqual(
    clusterGroups([a, b]).map((g) => g.store),
    ['etcd://10.0.0.1:2379', 'etcd://10.9.0.1:2379'],
  );
  assert.deepEqual(clusterGroups([host('c', undefined, [])]), []);
});
