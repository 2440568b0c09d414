// The create-network wizard's checks, without VS Code: what each step refuses, in Docker's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parentCandidates,
  parseLabels,
  precheckNetwork,
  Steps,
  suggestSubnet,
} from '../../../../client/src/commands/create-network-check';
import type { NetworkDraft } from '../../../../client/src/commands/create-network-check';

const draft = (over: Partial<NetworkDraft>): NetworkDraft => ({
  name: 'lan',
  driver: 'bridge',
  internal: false,
  enableIpv6: false,
  labels: {},
  options: {},
  usedSubnets: ['172.17.0.0/16'],
  ...over,
});

test('each address step is refused at the field that causes it', () => {
  assert.deepEqual(precheckNetwork(draft({ subnet: '10.1.0.0/24', gateway: '10.1.0.1' })), []);
  const fields = (d: Partial<NetworkDraft>) => precheckNetwork(draft(d)).map((p) => p.field);
  assert.deepEqual(fields({ subnet: '10.1.0.0/24', gateway: '10.2.0.1' }), ['gateway']);
  assert.deepEqual(fields({ subnet: '10.1.0.0/24', ipRange: '10.9.0.0/25' }), ['ipRange']);
  assert.deepEqual(fields({ subnet: '10.1.0.0/33' }), ['subnet']);
  const overlap = precheckNetwork(draft({ subnet: '172.17.5.0/24' }));
  assert.equal(overlap[0]?.field, 'subnet');
  assert.match(
    overlap[0]?.message ?? '',
    /^invalid pool request: Pool overlaps with other one on this address space/,
  );
});

test('the suggested subnet is free on the host', () => {
  const s = suggestSubnet(['172.17.0.0/16', '172.18.0.0/16']);
  assert.match(s, /^\d+\.\d+\.\d+\.\d+\/24$/);
  assert.deepEqual(
    precheckNetwork(draft({ subnet: s, usedSubnets: ['172.17.0.0/16', '172.18.0.0/16'] })),
    [],
  );
});

test('labels are key=value separated by commas; an entry without a key says which', () => {
  assert.deepEqual(parseLabels(''), { labels: {} });
  assert.deepEqual(parseLabels('team=net, env = prod,empty='), {
    labels: { team: 'net', env: 'prod', empty: '' },
  });
  assert.equal(parseLabels('team=net, oops').error, '"oops" is not key=value');
  assert.equal(parseLabels('=x').error, '"=x" is not key=value');
});

test("a macvlan parent is one of the host's own links, not what Docker or the engine made", () => {
  assert.deepEqual(
    parentCandidates([
      'lo',
      'eth0',
      'ens18',
      'bond0.20',
      'docker0',
      'br-0123456789ab',
      'veth1a2b3c',
      'sy-b1a2b3c4',
      'x1-v0a1b2c3',
      'sy-s1a2b3c4',
      'sy-d1a2b3c4',
      'br0',
    ]),
    ['eth0', 'ens18', 'bond0.20', 'br0'],
  );
});

test('steps count k/N; a parent step adds one, a skipped step still counts', () => {
  const s = new Steps(7);
  assert.equal(s.next(), '1/7');
  assert.equal(s.next(), '2/7');
  s.add(1);
  assert.equal(s.next(), '3/8');
  s.skip(2);
  assert.equal(s.next(), '6/8');
});
