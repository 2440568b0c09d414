import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET110 marks a fixed host port on a replicated service', () => {
  checkFixture(fixture('NET110-replica-port-conflict.yaml'), { codes: ['NET110'] });
});
