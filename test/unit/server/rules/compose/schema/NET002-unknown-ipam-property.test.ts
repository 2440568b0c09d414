import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET002 marks unknown ipam keys, bad config items and non-string aux addresses', () => {
  checkFixture(fixture('NET002-ipam.yaml'), { codes: ['NET002'] });
});

test('NET002 uses the schema paths of compose-go', () => {
  const f = fixture('NET002-ipam.yaml');
  assert.deepEqual(messagesOf(f, 'NET002'), [
    `validating ${f}: networks.front.ipam additional properties 'drver' not allowed`,
    `validating ${f}: networks.front.ipam.config.0 additional properties 'range' not allowed; the key is ip_range`,
    `validating ${f}: networks.front.ipam.config.0 additional properties 'ipv4_address' not allowed`,
    `validating ${f}: networks.front.ipam.config.0.aux_addresses.host2 must be a string`,
    `validating ${f}: networks.front.ipam.config.1 must be a mapping`,
    `validating ${f}: networks.back.ipam.config must be a list`,
  ]);
});

test('NET002 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET002'] });
});
