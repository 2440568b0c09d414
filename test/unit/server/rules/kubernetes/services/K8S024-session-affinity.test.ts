import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText } from '../harness';

/** K8S024's findings for one Service with `spec` added to a valid one, as `severity text: message`. */
function k8s024(spec: string): string[] {
  const yaml = `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n${spec}`;
  return findingsInText(yaml, 'K8S024').map((f) => `${f.severity} ${f.text}: ${f.message}`);
}

const config = (seconds: number): string =>
  `  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: ${seconds}\n`;

test('K8S024 quotes the apiserver for an unknown sessionAffinity, and checks nothing else of it', () => {
  assert.deepEqual(k8s024(`  sessionAffinity: Sticky\n${config(0)}`), [
    'error Sticky: spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
  ]);
});

test('K8S024: a ClientIP timeout must be 1 to 86400 seconds', () => {
  const timeout = (s: number) => k8s024(`  sessionAffinity: ClientIP\n${config(s)}`);
  const says = (s: number) =>
    `error ${s}: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: ${s}: must be greater than 0 and less than 86400`;
  assert.deepEqual(timeout(0), [says(0)]);
  assert.deepEqual(timeout(-5), [says(-5)]);
  assert.deepEqual(timeout(86401), [says(86401)]);
  assert.deepEqual(timeout(1), []);
  assert.deepEqual(timeout(86400), []);
  assert.deepEqual(k8s024('  sessionAffinity: ClientIP\n'), []);
});

test('K8S024 warns that a config is dropped with None, written or by default, and only then', () => {
  const dropped =
    'warning sessionAffinityConfig: spec.sessionAffinityConfig is dropped when sessionAffinity is None (the default): set sessionAffinity: ClientIP for it to apply';
  assert.deepEqual(k8s024(`  sessionAffinity: None\n${config(0)}`), [dropped]);
  assert.deepEqual(k8s024(config(100)), [dropped]);
  assert.deepEqual(k8s024('  sessionAffinity: None\n'), []);
  assert.deepEqual(k8s024(''), []);
});
