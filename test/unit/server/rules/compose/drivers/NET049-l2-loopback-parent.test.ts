import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET049 marks parent: lo', () => {
  checkFixture(fixture('NET049-l2-loopback-parent.yaml'), { codes: ['NET049'] });
});

test('NET049 quotes the driver', () => {
  assert.match(
    messagesOf(fixture('NET049-l2-loopback-parent.yaml'), 'NET049')[0] ?? '',
    /^loopback interface is not a valid macvlan parent link/,
  );
});
