import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET067 marks unparsable and unspecified link_local_ips', () => {
  checkFixture(fixture('NET067-link-local-ip.yaml'), { codes: ['NET067'] });
});

test('NET067 quotes Compose and the engine', () => {
  assert.deepEqual(messagesOf(fixture('NET067-link-local-ip.yaml'), 'NET067'), [
    'invalid link-local IP: ParseAddr("fe80::zz"): each colon-separated field must have at least one digit (at "zz")',
    'invalid link-local IP address: 0.0.0.0',
  ]);
});
