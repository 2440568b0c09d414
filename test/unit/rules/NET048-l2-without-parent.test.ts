import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

test('NET048 marks macvlan/ipvlan without a parent', () => {
  checkFixture(fixture('NET048-l2-without-parent.yaml'), { codes: ['NET048'] });
});
