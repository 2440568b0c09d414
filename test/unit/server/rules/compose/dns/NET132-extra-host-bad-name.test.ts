import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET131-extra-hosts.yaml');

test('NET132 marks what it should in the extra_hosts fixture', () => {
  checkFixture(f, { codes: ['NET132'] });
});

test('NET132 says it in these words', () => {
  assert.deepEqual(messagesOf(f, 'NET132'), [
    `bad host name 'a:b'; a host name cannot be empty or contain ":" or "="`,
    `bad host name ''; a host name cannot be empty or contain ":" or "="`,
    `bad host name 'x:y'; a host name cannot be empty or contain ":" or "="`,
  ]);
});

test('NET132 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET132'] });
});
