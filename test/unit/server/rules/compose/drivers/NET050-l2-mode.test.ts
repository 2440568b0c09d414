import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET050 marks invalid macvlan/ipvlan modes and flags', () => {
  checkFixture(fixture('NET050-l2-mode.yaml'), { codes: ['NET050'] });
});

test('NET050 quotes each driver', () => {
  const msgs = messagesOf(fixture('NET050-l2-mode.yaml'), 'NET050');
  assert.match(
    msgs[0] ?? '',
    /^requested macvlan mode 'l2' is not valid, 'bridge' mode is the macvlan driver default/,
  );
  assert.match(
    msgs[1] ?? '',
    /^requested ipvlan mode 'bridge' is not valid, 'l2' mode is the ipvlan driver default/,
  );
  assert.match(
    msgs[2] ?? '',
    /^requested ipvlan flag 'l3' is not valid, 'bridge' is the ipvlan driver default/,
  );
});
