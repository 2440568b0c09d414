import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET001 marks each key a network definition may not have', () => {
  checkFixture(fixture('NET001-unknown-property.yaml'), { codes: ['NET001'] });
});

test('NET001 quotes the schema error and points subnet at ipam.config', () => {
  const f = fixture('NET001-unknown-property.yaml');
  assert.deepEqual(messagesOf(f, 'NET001'), [
    `validating ${f}: networks.ip6net additional properties 'subnet' not allowed; move subnet under ipam.config (ipam: {config: [{subnet: …}]})`,
    `validating ${f}: networks.ip6net additional properties 'drivr' not allowed`,
    `validating ${f}: networks.ip6net additional properties 'aliases' not allowed; aliases belongs under a service: services.<name>.networks.<network>.aliases`,
  ]);
});

test('NET001 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET001'] });
});
