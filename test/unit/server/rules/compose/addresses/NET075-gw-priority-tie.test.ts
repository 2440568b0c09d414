import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET075 marks a tie on the highest gw_priority', () => {
  checkFixture(fixture('NET075-gw-priority-tie.yaml'), { codes: ['NET075'] });
});

test('NET075 names the tied networks', () => {
  assert.deepEqual(messagesOf(fixture('NET075-gw-priority-tie.yaml'), 'NET075'), [
    'networks "front" and "back" of service "a" share the highest gw_priority 5, so the engine picks the default gateway itself; make one higher',
  ]);
});
