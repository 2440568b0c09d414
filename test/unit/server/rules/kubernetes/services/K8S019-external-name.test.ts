import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S019 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S019-external-name.yaml'), ['K8S019']);
});
