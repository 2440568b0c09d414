import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

const file = fixture('addresses-unused-network.yaml');

test('errors on a network no service uses are warnings, and it takes no part in overlaps', () => {
  checkFixture(file, { codes: ['NET030', 'NET031', 'NET036', 'NET043'] });
});

test('the warning says why it is not an error', () => {
  assert.deepEqual(messagesOf(file, 'NET031'), [
    'invalid subnet 10.61.5.1/24: it should be 10.61.5.0/24 (network "spare" is not used by any service, so Compose does not create it yet)',
  ]);
});
