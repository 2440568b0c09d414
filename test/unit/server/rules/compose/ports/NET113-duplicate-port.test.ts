import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET113 notes duplicated port entries', () => {
  checkFixture(fixture('NET113-duplicate-port.yaml'), { codes: ['NET113'] });
});
