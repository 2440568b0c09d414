import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET048 marks macvlan/ipvlan without a parent', () => {
  checkFixture(fixture('NET048-l2-without-parent.yaml'), { codes: ['NET048'] });
});

test('NET048 says what to set', () => {
  assert.match(
    messagesOf(fixture('NET048-l2-without-parent.yaml'), 'NET048')[0] ?? '',
    /set parent to the host interface/,
  );
});
