import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET045 marks overlay networks Compose would create', () => {
  checkFixture(fixture('NET045-overlay-without-swarm.yaml'), { codes: ['NET045'] });
});

test('NET045 quotes the engine', () => {
  assert.match(
    messagesOf(fixture('NET045-overlay-without-swarm.yaml'), 'NET045')[0] ?? '',
    /^This node is not a swarm manager\. Use "docker swarm init" or "docker swarm join"/,
  );
});
