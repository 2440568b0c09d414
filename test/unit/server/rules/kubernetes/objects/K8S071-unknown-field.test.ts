import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S071 reports exactly the marked places of its fixture', () => {
  checkK8sFixture(fixture('K8S071-unknown-field.yaml'), ['K8S071']);
});
