import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkK8sFixture, fixture } from '../harness';

test('K8S029 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S029-duplicate-cluster-ip.yaml'), ['K8S029', 'K8S031']);
});

test('K8S029 quotes the allocator and points at the Service that took the address first', () => {
  const found = checkK8sFixture(fixture('K8S029-duplicate-cluster-ip.yaml'), ['K8S029', 'K8S031']).filter(
    (f) => f.code === 'K8S029',
  );
  assert.deepEqual(
    found.map((f) => [
      f.message,
      f.related?.map((r) => [r.message, readFileSync(r.at.file, 'utf8').slice(r.at.start, r.at.end)]),
    ]),
    [
      [
        'spec.clusterIPs: Invalid value: ["10.96.0.50"]: failed to allocate IP 10.96.0.50: provided IP is already allocated',
        [['Service default/a takes 10.96.0.50', '10.96.0.50']],
      ],
    ],
  );
});
