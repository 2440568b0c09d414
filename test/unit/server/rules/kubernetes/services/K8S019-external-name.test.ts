import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, findingsInText, fixture } from '../harness';

test('K8S019 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S019-external-name.yaml'), ['K8S019']);
});

/** K8S019's findings for one Service with `spec` added to a valid one, as `severity text: message`. */
function k8s019(spec: string): string[] {
  const yaml = `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n${spec}`;
  return findingsInText(yaml, 'K8S019').map((f) => `${f.severity} ${f.text}: ${f.message}`);
}

test('K8S019: an ExternalName Service needs an externalName, reported at it when empty, else at the object', () => {
  assert.deepEqual(k8s019('  type: ExternalName\n'), ['error web: spec.externalName: Required value']);
  assert.deepEqual(k8s019('  type: ExternalName\n  externalName: ""\n'), [
    'error "": spec.externalName: Required value',
  ]);
});

test('K8S019 quotes the apiserver for each field an ExternalName Service may not set, and warns of externalIPs', () => {
  assert.deepEqual(
    k8s019(
      '  type: ExternalName\n  externalName: db.example.\n  clusterIP: 10.0.0.1\n  ipFamilies: [IPv4]\n  ipFamilyPolicy: SingleStack\n  externalIPs: [1.2.3.4]\n',
    ),
    [
      'error 10.0.0.1: spec.clusterIPs: Forbidden: may not be set for ExternalName services',
      'error ipFamilies: spec.ipFamilies: Forbidden: may not be set for ExternalName services',
      'error ipFamilyPolicy: spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
      'warning externalIPs: spec.externalIPs is ignored when spec.type is "ExternalName"',
    ],
  );
  assert.deepEqual(k8s019('  type: ExternalName\n  externalName: db.example.\n  externalIPs: []\n'), []);
});

test('K8S019: an externalName must be a DNS subdomain', () => {
  assert.deepEqual(k8s019('  type: ExternalName\n  externalName: Bad_Name\n'), [
    `error Bad_Name: spec.externalName: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
  ]);
});

test('K8S019 warns that an externalName is ignored on another type of Service, unless it is empty', () => {
  assert.deepEqual(k8s019('  externalName: db.example\n'), [
    'warning externalName: spec.externalName is ignored when spec.type is not "ExternalName"',
  ]);
  assert.deepEqual(k8s019('  externalName: ""\n'), []);
});

test('K8S019: an empty clusterIP on an ExternalName Service is not set', () => {
  assert.deepEqual(k8s019('  type: ExternalName\n  externalName: db.example\n  clusterIP: ""\n'), []);
});
