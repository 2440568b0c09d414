import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET080-container-mode.yaml');

test('NET085 marks the option beside a service:/container: network mode', () => {
  checkFixture(f, { codes: ['NET085'] });
});

test('NET085 quotes the engine', () => {
  assert.match(
    messagesOf(f, 'NET085')[0] ?? '',
    /^conflicting options: container type network can't be used with links\. This would result in undefined behavior;/,
  );
});

test('NET085 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET085'] });
});
