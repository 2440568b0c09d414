import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET074 marks aliases shared between services or equal to a service name', () => {
  checkFixture(fixture('NET074-ambiguous-alias.yaml'), { codes: ['NET074'] });
});

test('NET074 explains both cases', () => {
  const msgs = messagesOf(fixture('NET074-ambiguous-alias.yaml'), 'NET074');
  assert.match(msgs[0] ?? '', /is given to services "a" and "b"/);
  assert.match(msgs[1] ?? '', /is also the name of service "db"/);
});
