import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET068 marks MACs that Go net.ParseMAC refuses', () => {
  checkFixture(fixture('NET068-mac-address-syntax.yaml'), { codes: ['NET068'] });
});

test('NET068 quotes Compose and Go', () => {
  assert.match(
    messagesOf(fixture('NET068-mac-address-syntax.yaml'), 'NET068')[0] ?? '',
    /^invalid MAC address: address 02:42:zz:00:00:01: invalid MAC address/,
  );
});
