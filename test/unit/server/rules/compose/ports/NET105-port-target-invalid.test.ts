import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET105 marks container port 0 and out-of-range targets', () => {
  checkFixture(fixture('NET105-port-target-invalid.yaml'), { codes: ['NET105'] });
});
