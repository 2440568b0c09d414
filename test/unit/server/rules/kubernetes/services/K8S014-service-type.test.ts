import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText, fixesInText } from '../harness';

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

test('K8S014 offers the supported type a wrong case stands for, and no fix for an unknown type', () => {
  const yaml = (type: string) =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n  type: ${type}\n`;
  assert.deepEqual(fixesInText(yaml('nodeport'), 'K8S014'), [['nodeport', 'Use NodePort', 'NodePort']]);
  assert.deepEqual(fixesInText(yaml('LOADBALANCER'), 'K8S014'), [
    ['LOADBALANCER', 'Use LoadBalancer', 'LoadBalancer'],
  ]);
  assert.deepEqual(fixesInText(yaml('Headless'), 'K8S014'), [['Headless', undefined, undefined]]);
});
