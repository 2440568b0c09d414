import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET080-container-mode.yaml');

test('NET086 marks the option beside a service:/container: network mode', () => {
  checkFixture(f, { codes: ['NET086'] });
});

test('NET086 quotes the engine', () => {
  assert.match(messagesOf(f, 'NET086')[0] ?? '', /^conflicting options: mac-address and the network mode;/);
});

test('NET086 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET086'] });
});
