import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S070 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S070-project'), ['K8S070']);
});
