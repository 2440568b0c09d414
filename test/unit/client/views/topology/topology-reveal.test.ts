// A click in the topology finds the tree row it stands for, including on hosts whose id holds colons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DockerNetwork, NetworkInspect, SandboxInfo } from '@switchyard/protocol';
import type { Host } from '../../../../../client/src/hosts/host';
import { treeNodeFor } from '../../../../../client/src/views/topology/find-node';
import { buildGraph } from '../../../../../client/src/views/topology/graph';

const dockerNet = {
  Name: 'web',
  Id: 'd1',
  Driver: 'bridge',
  IPAM: { Config: [] },
  Containers: { c1: { Name: 'nginx', IPv4Address: '172.20.0.2/16', IPv6Address: '' } },
} as unknown as DockerNetwork;
const engineNet = {
  Name: 'front',
  Id: 'n1',
  Driver: 'bridge',
  IPAM: { Config: [] },
  Containers: {},
} as unknown as NetworkInspect;
const sandbox = {
  id: 's1',
  name: 'a',
  mode: 'bridge',
  endpoints: [{ networkId: 'n1', ipv4: '10.0.0.2/24' }],
} as unknown as SandboxInfo;
const host = {
  id: 'ssh:build-1',
  networks: [dockerNet],
  engine: { networks: [engineNet], sandboxes: [sandbox] },
} as unknown as Host;

test('every graph node maps back to its tree row', () => {
  const ids = buildGraph({
    hostId: host.id,
    dockerNetworks: [dockerNet],
    engineNetworks: [engineNet],
    sandboxes: [sandbox],
  })
    .filter((e) => !('target' in e.data))
    .map((e) => e.data.id);
  const rows = ids.map((id) => {
    const n = treeNodeFor(host, id);
    return n && `${n.kind}:${'source' in n ? n.source : ''}`;
  });
  assert.deepEqual(rows.sort(), ['endpoint:docker', 'network:docker', 'network:engine', 'sandbox:']);
  const ep = treeNodeFor(host, 'ctr:ssh:build-1:c1');
  assert.ok(ep?.kind === 'endpoint' && ep.endpointId === 'c1' && ep.network === dockerNet);
  assert.equal(treeNodeFor(host, 'sb:ssh:build-1:gone'), undefined, 'a removed sandbox is not found');
});

test("in a cluster's graph, a node of another host maps to that host's tree row", () => {
  const other = {
    id: 'ssh:build-2',
    networks: [],
    engine: { networks: [engineNet], sandboxes: [{ ...sandbox, id: 's9' }] },
  } as unknown as Host;
  const sb = treeNodeFor(host, 'sb:ssh:build-2:s9', [host, other]);
  assert.ok(sb?.kind === 'sandbox' && sb.host === other);
  const net = treeNodeFor(host, `net:engine:ssh:build-2:${engineNet.Id}`, [host, other]);
  assert.ok(net?.kind === 'network' && net.host === other);
  // Without the others it stays with the panel's host, where it is not found.
  assert.equal(treeNodeFor(host, 'sb:ssh:build-2:s9'), undefined);
});
