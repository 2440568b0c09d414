// What a YAML file is, by content and (for kustomize and Helm) by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyManifest, isKubernetesInput, KUSTOMIZATION_NAMES } from '@switchyard/core';

test('kustomize and Helm files are known by their names, in any folder and with either separator', () => {
  for (const name of KUSTOMIZATION_NAMES) {
    assert.equal(classifyManifest(`deploy/base/${name}`, 'resources: []\n'), 'kustomization', name);
  }
  assert.deepEqual(KUSTOMIZATION_NAMES, ['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
  assert.equal(classifyManifest('C:\\repo\\overlay\\kustomization.yaml', ''), 'kustomization');
  assert.equal(classifyManifest('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\n'), 'chart');
  assert.equal(
    classifyManifest('charts/web/chart.yaml', 'name: web\n'),
    'other',
    'the name is case-sensitive',
  );
  assert.equal(classifyManifest('my-kustomization.yaml', 'services:\n  a: {}\n'), 'compose');
});

test('content decides the rest: a Kubernetes object needs apiVersion and kind at column 0', () => {
  assert.equal(classifyManifest('a.yaml', 'apiVersion: v1\nkind: Service\n'), 'kubernetes');
  assert.equal(classifyManifest('a.yaml', 'kind: Service\napiVersion: v1\n'), 'kubernetes');
  assert.equal(classifyManifest('a.yaml', 'apiVersion: v1\nmetadata: {}\n'), 'other', 'kind missing');
  assert.equal(classifyManifest('a.yaml', 'kind: Service\nmetadata: {}\n'), 'other', 'apiVersion missing');
  assert.equal(
    classifyManifest('a.yaml', 'kind: Service\nspec:\n  apiVersion: v1\n'),
    'other',
    'nested apiVersion',
  );
  assert.equal(
    classifyManifest('a.yaml', 'apiVersion: v1\nspec:\n  kind: Service\n'),
    'other',
    'nested kind',
  );
  assert.equal(
    classifyManifest('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  compose: |\nservices:\n'),
    'kubernetes',
    'an object that embeds a compose file stays Kubernetes',
  );
  assert.equal(classifyManifest('compose.yaml', 'services:\n  kind:\n    image: x\n'), 'compose');
  assert.equal(
    classifyManifest('compose.yaml', 'name: p\n  services:\n'),
    'other',
    'services not at column 0',
  );
});

test('k3s config: one of its networking keys and no apiVersion', () => {
  for (const key of [
    'cluster-cidr',
    'service-cidr',
    'cluster-dns',
    'service-node-port-range',
    'node-ip',
    'flannel-backend',
  ]) {
    assert.equal(
      classifyManifest('config.yaml', `write-kubeconfig-mode: "0644"\n${key}: x\n`),
      'k3s-config',
      key,
    );
  }
  assert.equal(classifyManifest('config.yaml', 'apiVersion: v1\ncluster-cidr: 10.42.0.0/16\n'), 'other');
  assert.equal(classifyManifest('config.yaml', 'token: abc\n  cluster-cidr: 10.42.0.0/16\n'), 'other');
  assert.equal(
    classifyManifest('config.yaml', 'cluster-cidr-extra: 1\n'),
    'other',
    'the key, not a prefix of it',
  );
});

test('a JSON manifest is Kubernetes when it names apiVersion and kind', () => {
  assert.equal(classifyManifest('svc.json', '{"apiVersion": "v1", "kind": "Service"}'), 'kubernetes');
  assert.equal(classifyManifest('list.json', '  [{"apiVersion":"v1","kind":"Pod"}]'), 'kubernetes');
  assert.equal(classifyManifest('x.json', '{"apiVersion": "v1"}'), 'other');
  assert.equal(classifyManifest('x.json', '{"kind": "Pod"}'), 'other');
  assert.equal(
    classifyManifest('x.yaml', 'note: {"apiVersion": "v1", "kind": "Pod"}\n'),
    'other',
    'not JSON',
  );
});

test('isKubernetesInput: manifests and the files that shape them, not compose or other files', () => {
  const kinds = ['kubernetes', 'kustomization', 'chart', 'k3s-config', 'compose', 'other'] as const;
  assert.deepEqual(
    kinds.filter((k) => isKubernetesInput(k)),
    ['kubernetes', 'kustomization', 'chart', 'k3s-config'],
  );
});
