import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, findingsInText, fixture, messages, relatedInText } from '../harness';

test('K8S062 resolves named targetPorts like FindPort: name and protocol, sidecars included', () => {
  const found = checkK8sFixture(fixture('K8S062-target-port-not-exposed.yaml'), ['K8S062']);
  assert.match(
    messages(found, 'K8S062')[0] ?? '',
    /^spec\.ports\[0\]\.targetPort: no container of Deployment default\/web has a port named "http" with protocol TCP \(it has web, dns, metrics\)/,
  );
});

/** K8S062's findings for a Service with `targetPort: tp` over a Deployment whose container has `ports`. */
function k8s062(tp: string, ports: string): string[] {
  const yaml = `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: ${tp}}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - {name: web, image: nginx${ports}}\n`;
  return findingsInText(yaml, 'K8S062').map((f) => `${f.severity} ${f.text}: ${f.message}`);
}

test('K8S062: a named targetPort on containers without ports lists none; a number not declared is information', () => {
  assert.deepEqual(k8s062('http', ''), [
    'warning http: spec.ports[0].targetPort: no container of Deployment default/web has a port named "http" with protocol TCP: its pods get no endpoint for this port',
  ]);
  assert.deepEqual(k8s062('8080', ', ports: [{containerPort: 80}]'), [
    'information 8080: spec.ports[0].targetPort: no container of Deployment default/web declares containerPort 8080/TCP; traffic is sent there anyway, check the container listens on it',
  ]);
  assert.deepEqual(k8s062('80', ', ports: [{containerPort: 80}]'), []);
});

test('K8S062 looks only at the pods the Service selects, and not at all without a selector', () => {
  const service = (selector: string): string =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n${selector}  ports: [{port: 80, targetPort: http}]\n`;
  const deployment = (name: string, ports: string): string =>
    `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - {name: ${name}, image: nginx${ports}}\n`;
  const pods = deployment('web', ', ports: [{name: http, containerPort: 80}]') + deployment('api', '');
  const found = (yaml: string): string[] => findingsInText(yaml, 'K8S062').map((f) => f.message);
  assert.deepEqual(found(service('  selector: {app: web}\n') + pods), []);
  assert.deepEqual(found(service('') + pods), []);
  assert.deepEqual(found(service('  selector: {app: api}\n') + pods), [
    'spec.ports[0].targetPort: no container of Deployment default/api has a port named "http" with protocol TCP: its pods get no endpoint for this port',
  ]);
});

test('K8S062 names every selected pod without the port as a related place; a port without port or targetPort is left alone', () => {
  const yaml = (ports: string): string =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {tier: web}\n  ports: [${ports}]\n` +
    ['a', 'b']
      .map(
        (n) =>
          `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${n}, labels: {tier: web}}\nspec:\n  containers: [{name: c, image: nginx}]\n`,
      )
      .join('');
  assert.deepEqual(relatedInText(yaml('{port: 80, targetPort: http}'), 'K8S062'), [
    ['http', 'a: Pod default/a is selected by this Service', 'b: Pod default/b is selected by this Service'],
  ]);
  assert.deepEqual(findingsInText(yaml('{name: web, protocol: TCP}'), 'K8S062'), []);
});
