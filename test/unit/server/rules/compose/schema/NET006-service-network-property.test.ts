import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET006 marks unknown per-network keys, bad names and bad entry types', () => {
  checkFixture(fixture('NET006-service-network.yaml'), { codes: ['NET006'] });
});

test('NET006 quotes the schema and names the right key', () => {
  const f = fixture('NET006-service-network.yaml');
  assert.deepEqual(messagesOf(f, 'NET006'), [
    `validating ${f}: services.web.networks.front additional properties 'ipv4addr' not allowed; the key is ipv4_address`,
    `validating ${f}: services.web.networks additional properties 'bad name' not allowed`,
    `validating ${f}: services.web.networks.back must be a mapping or null`,
    `validating ${f}: services.api.networks.1 must be a string; to give front settings, write "front:" under networks without the "-" (map form)`,
  ]);
});

test('NET006 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET006'] });
});
