import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET080-container-mode.yaml');

test('NET081 marks the option beside a service:/container: network mode', () => {
  checkFixture(f, { codes: ['NET081'] });
});

test('NET081 quotes the engine', () => {
  assert.match(
    messagesOf(f, 'NET081')[0] ?? '',
    /^conflicting options: port exposing and the container type network mode;/,
  );
});

test('NET081 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET081'] });
});
