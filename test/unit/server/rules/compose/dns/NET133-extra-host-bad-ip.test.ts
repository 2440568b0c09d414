import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET131-extra-hosts.yaml');

test('NET133 marks what it should in the extra_hosts fixture', () => {
  checkFixture(f, { codes: ['NET133'] });
});

test('NET133 says it in these words', () => {
  assert.deepEqual(messagesOf(f, 'NET133'), [
    'invalid IP address in add-host: "" (a variable in it is not set); use an IP address or host-gateway',
    'invalid IP address in add-host: "10.0.0.300"; use an IP address or host-gateway',
    'invalid IP address in add-host: "nope"; use an IP address or host-gateway',
    'invalid IP address in add-host: "localhost"; use an IP address or host-gateway',
  ]);
});

test('NET133 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET133'] });
});
