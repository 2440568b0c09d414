import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET088 warns about options older engines refuse under host networking', () => {
  checkFixture(fixture('NET088-host-mode.yaml'), { codes: ['NET088'] });
});

test('NET088 quotes the old engine text', () => {
  assert.equal(
    messagesOf(fixture('NET088-host-mode.yaml'), 'NET088')[0],
    "conflicting options: host type networking can't be used with links. This would result in undefined " +
      'behavior (refused by older engines; current ones accept links with network_mode: host, but it has no ' +
      'effect on the host network)',
  );
});

test('NET088 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET088'] });
});
