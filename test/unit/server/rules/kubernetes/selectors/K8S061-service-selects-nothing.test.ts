import { test } from 'node:test';
import { checkK8sFixture, fixture } from '../harness';

test('K8S061 marks Service selectors that match no pod template in their namespace', () => {
  checkK8sFixture(fixture('K8S061-service-selects-nothing.yaml'), ['K8S061']);
});
