import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S072 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S072-missing-kind.yaml'), ['K8S072']);
});
