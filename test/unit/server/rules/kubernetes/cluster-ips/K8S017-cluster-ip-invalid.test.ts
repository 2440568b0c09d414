import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText } from '../harness';

/** K8S017's findings for one Service with `spec` added to a valid one, as `text: message`. */
function k8s017(spec: string): string[] {
  const yaml = `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n${spec}`;
  return findingsInText(yaml, 'K8S017').map((f) => `${f.severity} ${f.text}: ${f.message}`);
}

test('K8S017: a clusterIP that is not an IP, None or empty', () => {
  assert.deepEqual(k8s017('  clusterIP: 10.0.0.300\n'), [
    'error 10.0.0.300: spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
  ]);
  for (const ok of ['10.96.0.10', 'fd00::10', 'None', '""'])
    assert.deepEqual(k8s017(`  clusterIP: ${ok}\n`), []);
});

test('K8S017: clusterIPs must be empty without clusterIP, start with it, and hold at most 2', () => {
  assert.deepEqual(k8s017('  clusterIPs: [10.96.0.10]\n'), [
    'error [10.96.0.10]: spec.clusterIPs: Invalid value: ["10.96.0.10"]: must be empty when `clusterIP` is not specified',
  ]);
  assert.deepEqual(k8s017('  clusterIP: ""\n  clusterIPs: [10.96.0.10, fd00::1]\n'), [
    'error [10.96.0.10, fd00::1]: spec.clusterIPs: Invalid value: ["10.96.0.10","fd00::1"]: must be empty when `clusterIP` is not specified',
  ]);
  assert.deepEqual(k8s017('  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.11]\n'), [
    'error [10.96.0.11]: spec.clusterIPs: Invalid value: ["10.96.0.11"]: first value must match `clusterIP`',
  ]);
  assert.deepEqual(k8s017('  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10, fd00::1, fd00::2]\n'), [
    'error [10.96.0.10, fd00::1, fd00::2]: spec.clusterIPs: Invalid value: …: may only hold up to 2 values',
  ]);
  assert.deepEqual(k8s017('  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10, fd00::1]\n'), []);
  assert.deepEqual(k8s017('  clusterIP: 10.96.0.10\n  clusterIPs: []\n'), []);
});

test('K8S017: an item that is not text is shown as an empty string in the list', () => {
  assert.deepEqual(k8s017('  clusterIPs: [[x]]\n'), [
    'error [[x]]: spec.clusterIPs: Invalid value: [""]: must be empty when `clusterIP` is not specified',
  ]);
  assert.deepEqual(k8s017('  clusterIP: 10.96.0.10\n  clusterIPs: [{a: b}, 10.96.0.10]\n'), [
    'error [{a: b}, 10.96.0.10]: spec.clusterIPs: Invalid value: ["","10.96.0.10"]: first value must match `clusterIP`',
  ]);
});
