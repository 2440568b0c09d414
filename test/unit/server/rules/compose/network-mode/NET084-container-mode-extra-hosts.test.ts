import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET080-container-mode.yaml');

test('NET084 marks the option beside a service:/container: network mode', () => {
  checkFixture(f, { codes: ['NET084'] });
});

test('NET084 quotes the engine', () => {
  assert.match(
    messagesOf(f, 'NET084')[0] ?? '',
    /^conflicting options: custom host-to-IP mapping and the network mode;/,
  );
});

test('NET084 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET084'] });
});
