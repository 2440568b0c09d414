import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DockerNetwork, NetworkInspect, SandboxInfo } from '@switchyard/protocol';
import { buildGraph } from '../../../client/src/views/topology/graph';

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
