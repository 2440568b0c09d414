import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText } from '../harness';

/** K8S014's findings for one Service of `type`, as `severity text: message`. */
function k8s014(type: string): string[] {
  const yaml = `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n  externalName: db.example\n  type: ${type}\n`;
  return findingsInText(yaml, 'K8S014').map((f) => `${f.severity} ${f.text}: ${f.message}`);
}

test('K8S014 accepts each of the four Service types as written', () => {
  for (const type of ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'])
    assert.deepEqual(k8s014(type), []);
  assert.deepEqual(k8s014('~'), []);
});

test('K8S014 quotes the apiserver for any other type, case included', () => {
  const says = (v: string) =>
    `spec.type: Unsupported value: "${v}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`;
  assert.deepEqual(k8s014('clusterip'), [`error clusterip: ${says('clusterip')}`]);
  assert.deepEqual(k8s014('Headless'), [`error Headless: ${says('Headless')}`]);
});
