import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S038 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S038-host-port-replicas.yaml'), ['K8S038']);
});
