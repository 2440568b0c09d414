import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S029 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S029-duplicate-cluster-ip.yaml'), ['K8S029', 'K8S031']);
});
