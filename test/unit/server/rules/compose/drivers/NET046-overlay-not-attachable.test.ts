import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET046 marks overlay networks without attachable: true', () => {
  checkFixture(fixture('NET046-overlay-not-attachable.yaml'), { codes: ['NET046'] });
});

test('NET046 quotes the swarm refusal with the engine name', () => {
  assert.match(
    messagesOf(fixture('NET046-overlay-not-attachable.yaml'), 'NET046')[0] ?? '',
    /^Could not attach to network rules_ov: rpc error: code = PermissionDenied desc = network rules_ov not manually attachable/,
  );
});
