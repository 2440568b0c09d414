import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { hostNetwork, hostSnapshot } from '../../../../../support/host-snapshot';

const host = hostSnapshot([
  hostNetwork('traefik', { id: 'aaaaaaaaaaaa1111' }),
  hostNetwork('traefik', { id: 'bbbbbbbbbbbb2222' }),
  hostNetwork('shared', { id: 'cccccccccccc3333' }),
]);

test('NET022 marks an external network whose name the host has twice', () => {
  checkFixture(fixture('NET022-ambiguous.yaml'), { codes: ['NET022'], host });
});

test('NET022 quotes docker compose and lists the IDs to choose from', () => {
  assert.deepEqual(messagesOf(fixture('NET022-ambiguous.yaml'), 'NET022', { host }), [
    'multiple networks with name "traefik" were found. Use network ID as `name` to avoid ambiguity (on ' +
      'build-1: aaaaaaaaaaaa, bbbbbbbbbbbb)',
  ]);
});

test('NET022 needs a host', () => {
  assert.deepEqual(messagesOf(fixture('NET022-ambiguous.yaml'), 'NET022'), []);
});
