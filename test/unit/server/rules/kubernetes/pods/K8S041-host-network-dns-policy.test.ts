import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S041 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S041-host-network-dns-policy.yaml'), ['K8S041']);
});
