import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkK8sFixture, fixture } from '../harness';

const outside = (ip: string, range: string): string =>
  `spec.clusterIPs: Invalid value: ["${ip}"]: failed to allocate IP ${ip}: provided IP is not in the valid range. The range of valid IPs is ${range}`;

test('K8S028 warns against the default service CIDR and says how to name the real one', () => {
  const found = checkK8sFixture(fixture('K8S028-cluster-ip-out-of-range.yaml'), ['K8S028']);
  assert.deepEqual(
    found.map((f) => [f.severity, f.message, f.related]),
    [
      [
        'warning',
        `${outside('192.168.0.10', '10.96.0.0/12')} (the default service CIDR; name the cluster config with --cluster-config if yours differs)`,
        undefined,
      ],
    ],
  );
});

test("K8S028 is an error against the project's cluster config, and points at its service CIDR", () => {
  const found = checkK8sFixture(fixture('K8S058-project'), ['K8S058', 'K8S028']).filter(
    (f) => f.code === 'K8S028',
  );
  const range = '10.43.0.0/16,2001:cafe:42::/112';
  assert.deepEqual(
    found.map((f) => [f.severity, f.message, f.related?.map((r) => r.message)]),
    [['error', outside('10.50.0.10', range), [`the cluster's service CIDR is ${range}`]]],
  );
  const at = found[0]?.related?.[0]?.at;
  assert.equal(at && readFileSync(at.file, 'utf8').slice(at.start, at.end), range);
});
