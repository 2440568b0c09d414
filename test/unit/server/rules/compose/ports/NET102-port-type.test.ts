import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET102 marks float and boolean port items', () => {
  checkFixture(fixture('NET102-port-type.yaml'), { codes: ['NET102'] });
});
