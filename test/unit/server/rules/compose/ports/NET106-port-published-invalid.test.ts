import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET106 marks published values that are not ports or ranges', () => {
  checkFixture(fixture('NET106-port-published-invalid.yaml'), { codes: ['NET106'] });
});
