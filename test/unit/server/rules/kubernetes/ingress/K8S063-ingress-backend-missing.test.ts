import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S063 marks backends to a Service or port that is not there (same namespace only)', () => {
  checkK8sFixture(fixture('K8S063-ingress-backend-missing.yaml'), ['K8S063']);
});
