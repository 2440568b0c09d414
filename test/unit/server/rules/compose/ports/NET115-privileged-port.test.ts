import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET115 notes host ports below 1024', () => {
  checkFixture(fixture('NET115-privileged-port.yaml'), { codes: ['NET115'] });
});
