import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET135-hostname.yaml');

test('NET135 marks what it should in the hostname fixture', () => {
  checkFixture(f, { codes: ['NET135'] });
});

test('NET135 says it in these words', () => {
  assert.deepEqual(messagesOf(f, 'NET135'), [
    'hostname "my_host" is not a valid RFC 1123 host name (letters, digits and "-" in dot-separated labels of at most 63 characters; no "_")',
    'domainname "-bad.example" is not a valid RFC 1123 host name (letters, digits and "-" in dot-separated labels of at most 63 characters; no "_")',
  ]);
});

test('NET135 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET135'] });
});
