import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET104 marks a long-syntax port without target', () => {
  checkFixture(fixture('NET104-port-missing-target.yaml'), { codes: ['NET104'] });
});
