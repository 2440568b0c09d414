import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET117 marks expose entries moby refuses', () => {
  checkFixture(fixture('NET117-expose-syntax.yaml'), { codes: ['NET117'] });
});
