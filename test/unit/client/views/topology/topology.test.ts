import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DockerNetwork, NetworkInspect, SandboxInfo } from '@switchyard/protocol';
import { buildClusterGraph, buildGraph, clusterPeers } from '../../../../../client/src/views/topology/graph';

const dockerNet = {
  Name: 'web',
  Id: 'd1',
  Driver: 'bridge',
  Scope: 'local',
  IPAM: { Driver: 'default', Config: [{ Subnet: '172.20.0.0/16' }] },
  Containers: {
    c1: { Name: 'nginx', EndpointID: 'e1', MacAddress: 'm', IPv4Address: '172.20.0.2/16', IPv6Address: '' },
  },
} as unknown as DockerNetwork;
const dockerNet2 = { ...dockerNet, Name: 'back', Id: 'd2' } as DockerNetwork;
const engineNet = { ...dockerNet, Name: 'front', Id: 'n1', Containers: {} } as unknown as NetworkInspect;
const sandbox: SandboxInfo = {
  id: 's1',
  name: 'a',
  hostname: 'a',
  mode: 'bridge',
  netns: '/run/netns/a',
  created: '',
  endpoints: [
    {
      id: 'ep',
      network: 'front',
      networkId: 'n1',
      ifname: 'eth0',
      mac: 'm',
      ipv4: '10.0.0.2/24',
      aliases: [],
    },
    { id: 'ep2', network: 'gone', networkId: 'zz', ifname: 'eth1', mac: 'm', aliases: [] },
  ],
  ports: [],
};

test('topology: ids match the tree, a container on two networks is one node, no edge to an unknown network', () => {
  const els = buildGraph({
    hostId: 'localhost',
    dockerNetworks: [dockerNet, dockerNet2],
    engineNetworks: [engineNet],
    sandboxes: [sandbox],
  });
  const nodes = els.filter((e) => !('source' in e.data && 'target' in e.data)).map((e) => e.data.id);
  assert.deepEqual(nodes.sort(), [
    'ctr:localhost:c1',
    'net:docker:localhost:d1',
    'net:docker:localhost:d2',
    'net:engine:localhost:n1',
    'sb:localhost:s1',
  ]);
  const edges = els
    .filter((e) => 'target' in e.data)
    .map((e) => e.data as { source: string; target: string; label: string });
  assert.deepEqual(edges.map((e) => `${e.source}->${e.target} ${e.label}`).sort(), [
    'ctr:localhost:c1->net:docker:localhost:d1 172.20.0.2/16',
    'ctr:localhost:c1->net:docker:localhost:d2 172.20.0.2/16',
    'sb:localhost:s1->net:engine:localhost:n1 10.0.0.2/24',
  ]);
  const ids = new Set(nodes);
  assert.ok(
    edges.every((e) => ids.has(e.source) && ids.has(e.target)),
    'every edge ends on a node',
  );
});

test('a cluster: each host is a group, an overlay is drawn once outside them with every host joined to it', () => {
  const overlay = { ...engineNet, Name: 'ov', Id: 'ov1', Scope: 'global' } as NetworkInspect;
  const onOverlay = (id: string): SandboxInfo => ({
    ...sandbox,
    id,
    endpoints: [{ ...(sandbox.endpoints[0] as SandboxInfo['endpoints'][number]), networkId: 'ov1' }],
  });
  const els = buildClusterGraph([
    {
      hostId: 'ssh:h1',
      hostLabel: 'h1',
      dockerNetworks: [],
      engineNetworks: [engineNet, overlay],
      sandboxes: [onOverlay('s1')],
    },
    {
      hostId: 'ssh:h2',
      hostLabel: 'h2',
      dockerNetworks: [],
      engineNetworks: [overlay],
      sandboxes: [onOverlay('s2')],
    },
  ]);
  const nodes = els
    .filter((e) => !('target' in e.data))
    .map((e) => e.data as { id: string; parent?: string });
  assert.deepEqual(nodes.map((n) => `${n.id} in ${n.parent ?? '-'}`).sort(), [
    'host:ssh:h1 in -',
    'host:ssh:h2 in -',
    'net:engine:ssh:h1:n1 in host:ssh:h1',
    'net:engine:ssh:h1:ov1 in -',
    'sb:ssh:h1:s1 in host:ssh:h1',
    'sb:ssh:h2:s2 in host:ssh:h2',
  ]);
  const edges = els
    .filter((e) => 'target' in e.data)
    .map((e) => e.data as { source: string; target: string });
  assert.deepEqual(edges.map((e) => `${e.source}->${e.target}`).sort(), [
    'sb:ssh:h1:s1->net:engine:ssh:h1:ov1',
    'sb:ssh:h2:s2->net:engine:ssh:h1:ov1',
  ]);
  // One host: the plain graph, no groups.
  const one = buildClusterGraph([
    { hostId: 'h1', dockerNetworks: [], engineNetworks: [overlay], sandboxes: [] },
  ]);
  assert.ok(one.every((e) => !('parent' in e.data)));
});

test('the hosts drawn together are those that share a global network with the panel host', () => {
  const h = (id: string, nets: string[]) => ({ id, globalNetworkIds: nets });
  const me = h('a', ['ov1']);
  assert.deepEqual(
    clusterPeers(me, [me, h('b', ['ov1', 'ov2']), h('c', ['ov2']), h('d', [])]).map((x) => x.id),
    ['a', 'b'],
  );
  assert.deepEqual(
    clusterPeers(h('a', []), [h('b', ['ov1'])]).map((x) => x.id),
    ['a'],
  );
});
