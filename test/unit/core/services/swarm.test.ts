import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deployModeError,
  hostModePending,
  likelyEndpointMode,
  placementNodes,
  publishMode,
  resolutionMode,
  swarmNodesFromInfo,
  unplacedHostModeReplicas,
} from '@switchyard/core';

test("endpoint_mode as swarm takes it: lower-cased, empty is vip, anything else refused in moby's words", () => {
  assert.deepEqual(resolutionMode(undefined), { mode: 'vip' });
  assert.deepEqual(resolutionMode(''), { mode: 'vip' });
  assert.deepEqual(resolutionMode('VIP'), { mode: 'vip' });
  assert.deepEqual(resolutionMode('DnsRR'), { mode: 'dnsrr' });
  assert.deepEqual(resolutionMode('RoundRobin'), { error: 'invalid resolution mode: "roundrobin"' });
  assert.equal(likelyEndpointMode('dns-rr'), 'dnsrr');
  assert.equal(likelyEndpointMode('virtual'), 'vip');
});

test('ports[].mode as swarm takes it: host in any case, everything else (a typo too) is ingress', () => {
  assert.equal(publishMode('host'), 'host');
  assert.equal(publishMode('HOST'), 'host');
  assert.equal(publishMode('hots'), 'ingress');
  assert.equal(publishMode(undefined), 'ingress');
});

test("host-mode placement: one replica per node, the rest pending with swarmkit's explanation", () => {
  assert.equal(unplacedHostModeReplicas(3, 1), 2);
  assert.equal(unplacedHostModeReplicas(3, 3), 0);
  assert.equal(unplacedHostModeReplicas(2, 0), 1, 'no nodes counts as one');
  assert.equal(hostModePending(1), 'no suitable node (host-mode port already in use on 1 node)');
  assert.equal(hostModePending(2), 'no suitable node (host-mode port already in use on 2 nodes)');
});

test("deploy.mode as docker/cli's stack conversion takes it", () => {
  assert.equal(
    deployModeError('global', true),
    'replicas can only be used with replicated or replicated-job mode',
  );
  assert.equal(
    deployModeError('global-job', true),
    'replicas can only be used with replicated or replicated-job mode',
  );
  assert.equal(deployModeError('global', false), undefined);
  assert.equal(deployModeError('replicated-job', true), undefined);
  assert.equal(deployModeError(undefined, true), undefined);
  assert.equal(deployModeError('daemonset', false), 'unknown mode: daemonset');
});

test('placement nodes: the swarm first, else the live hosts of the engine cluster, else unknown (alone)', () => {
  const node = (state: 'alive' | 'unreachable') => ({
    host: 'h',
    address: '10.0.0.1',
    engineVersion: '1',
    state,
    self: false,
  });
  assert.equal(placementNodes(5, { nodes: [node('alive')] }), 5);
  assert.equal(placementNodes(undefined, { nodes: [node('alive'), node('alive'), node('unreachable')] }), 2);
  assert.equal(placementNodes(undefined, { nodes: [node('unreachable')] }), undefined);
  assert.equal(placementNodes(undefined, undefined), undefined);
});

test("a swarm's node count from Docker's /info: only for an active node", () => {
  assert.equal(swarmNodesFromInfo({ Swarm: { LocalNodeState: 'active', Nodes: 3 } }), 3);
  assert.equal(swarmNodesFromInfo({ Swarm: { LocalNodeState: 'inactive', Nodes: 0 } }), undefined);
  assert.equal(swarmNodesFromInfo({ Swarm: { LocalNodeState: 'pending' } }), undefined);
  assert.equal(swarmNodesFromInfo({ ID: 'x' }), undefined);
  assert.equal(swarmNodesFromInfo('garbage'), undefined);
});

test('deploy.mode and endpoint_mode corners: the replicated modes by name, what a typo most likely meant', () => {
  assert.equal(deployModeError('replicated', true), undefined);
  assert.equal(deployModeError('', true), undefined, 'empty is the default, replicated');
  assert.equal(
    deployModeError('Global', true),
    'unknown mode: Global',
    'docker/cli does not lower-case the mode',
  );
  for (const typo of ['rr', 'DNS', 'round-robin', 'dnsr'])
    assert.equal(likelyEndpointMode(typo), 'dnsrr', typo);
  for (const typo of ['vipp', 'virtual-ip', '']) assert.equal(likelyEndpointMode(typo), 'vip', typo);
  assert.equal(swarmNodesFromInfo({ Swarm: { LocalNodeState: 'active', Nodes: 0 } }), undefined);
});
