import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S067 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S067-duplicate-object.yaml'), ['K8S067']);
});
