import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText, fixesInText } from '../harness';

const service = (ranges: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  type: LoadBalancer\n  loadBalancerSourceRanges: ${ranges}\n  ports: [{port: 80}]\n`;
const k8s022 = (ranges: string): string[] =>
  findingsInText(service(ranges), 'K8S022').map((f) => `${f.severity} ${f.text}: ${f.message}`);

test('K8S022 trims the spaces the apiserver allows around an entry (a leftover of the annotation)', () => {
  assert.deepEqual(k8s022('[" 10.0.0.0/8 "]'), []);
  assert.deepEqual(k8s022('[" 10.0.0.7/8"]'), [
    'warning " 10.0.0.7/8": spec.loadBalancerSourceRanges[0]: CIDR value "10.0.0.7/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.7/32"?)',
  ]);
});

test('K8S022 reads an empty entry as the empty text, as the apiserver decodes it', () => {
  assert.deepEqual(k8s022('[10.0.0.0/8, ~]'), [
    'error ~: spec.LoadBalancerSourceRanges[1]: Invalid value: "": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  ]);
});

test('K8S022 offers the masked prefix for an IPv6 entry with host bits, and names the /128 alternative', () => {
  assert.deepEqual(k8s022('[fd00::1/64]'), [
    'warning fd00::1/64: spec.loadBalancerSourceRanges[0]: CIDR value "fd00::1/64" is ambiguous in this context (should be "fd00::/64" or "fd00::1/128"?)',
  ]);
  assert.deepEqual(fixesInText(service('[fd00::1/64]'), 'K8S022'), [
    ['fd00::1/64', 'Use fd00::/64', 'fd00::/64'],
  ]);
});
