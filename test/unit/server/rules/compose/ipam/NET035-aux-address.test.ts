import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET035 marks aux_addresses outside the subnet or unparsable', () => {
  checkFixture(fixture('NET035-aux-address.yaml'), { codes: ['NET035'] });
});

test('NET035 names the aux entry as the engine does', () => {
  assert.deepEqual(messagesOf(fixture('NET035-aux-address.yaml'), 'NET035'), [
    'invalid auxiliary address: ParseAddr("10.5.0.x"): unexpected character (at "x")',
    "invalid auxiliary address router: parent subnet 10.5.0.0/16 doesn't contain this address",
  ]);
});
