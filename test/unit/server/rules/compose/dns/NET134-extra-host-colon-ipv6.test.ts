import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET131-extra-hosts.yaml');

test('NET134 marks what it should in the extra_hosts fixture', () => {
  checkFixture(f, { codes: ['NET134'] });
});

test('NET134 says it in these words', () => {
  assert.deepEqual(messagesOf(f, 'NET134'), [
    '"myhostv6:::1" separates host and IPv6 address with ":"; "myhostv6=::1" says the same more clearly',
  ]);
});

test('NET134 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET134'] });
});
