import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET111 warns when a host range is smaller than the replicas', () => {
  checkFixture(fixture('NET111-port-range-exhausted.yaml'), { codes: ['NET111'] });
});
