import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET080-container-mode.yaml');

test('NET080 marks the option beside a service:/container: network mode', () => {
  checkFixture(f, { codes: ['NET080'] });
});

test('NET080 quotes the engine', () => {
  assert.match(
    messagesOf(f, 'NET080')[0] ?? '',
    /^conflicting options: port publishing and the container type network mode; ports belongs on service "vpn"/,
  );
});

test('NET080 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET080'] });
});
