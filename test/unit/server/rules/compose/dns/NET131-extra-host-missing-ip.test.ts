import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET131-extra-hosts.yaml');

test('NET131 marks what it should in the extra_hosts fixture', () => {
  checkFixture(f, { codes: ['NET131'] });
});

test('NET131 says it in these words', () => {
  assert.deepEqual(messagesOf(f, 'NET131'), [
    'invalid additional host, missing IP: myhost; write HOST=IP (for example "myhost=10.0.0.2")',
  ]);
});

test('NET131 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET131'] });
});
