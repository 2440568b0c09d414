import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText } from '../harness';

/** K8S036's findings for one Pod with container `ports` (and `spec` added), as `severity text: message`. */
function k8s036(ports: string, spec = ''): string[] {
  const yaml = `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n${spec}  containers:\n    - name: web\n      image: nginx\n      ports: ${ports}\n`;
  return findingsInText(yaml, 'K8S036').map((f) => `${f.severity} ${f.text}: ${f.message}`);
}

test('K8S036 marks hostIP without hostPort, in the apiserver warning form', () => {
  assert.deepEqual(
    k8s036(
      '[{name: http, containerPort: 80, hostIP: 10.0.0.1}, {containerPort: 81, hostIP: 10.0.0.2, hostPort: 0, protocol: UDP}]',
    ),
    [
      'warning hostIP: spec.containers[0].ports[0]: hostIP set without hostPort: {Name:http HostPort:0 ContainerPort:80 Protocol:TCP HostIP:10.0.0.1}',
      'warning hostIP: spec.containers[0].ports[1]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:81 Protocol:UDP HostIP:10.0.0.2}',
    ],
  );
});

test('K8S036 is quiet with a hostPort, without hostIP, and on the host network', () => {
  assert.deepEqual(
    k8s036('[{containerPort: 80, hostIP: 10.0.0.1, hostPort: 8080}, {containerPort: 81}]'),
    [],
  );
  assert.deepEqual(k8s036('[{containerPort: 80, hostIP: 10.0.0.1}]', '  hostNetwork: true\n'), []);
});
