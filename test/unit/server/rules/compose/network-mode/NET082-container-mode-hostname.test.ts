import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET080-container-mode.yaml');

test('NET082 marks the option beside a service:/container: network mode', () => {
  checkFixture(f, { codes: ['NET082'] });
});

test('NET082 quotes the engine', () => {
  assert.match(messagesOf(f, 'NET082')[0] ?? '', /^conflicting options: hostname and the network mode;/);
});

test('NET082 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET082'] });
});
