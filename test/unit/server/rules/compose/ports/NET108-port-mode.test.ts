import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET108 notes modes other than host and ingress', () => {
  checkFixture(fixture('NET108-port-mode.yaml'), { codes: ['NET108'] });
});
