import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const files = [
  fixture('NET152-override', 'compose.yaml'),
  fixture('NET152-override', 'compose.override.yaml'),
];

test('NET152 marks a subnet an override appends; same subnet and !override are fine', () => {
  checkFixture(files, { codes: ['NET152'] });
});

test('NET152 names the subnet that is kept', () => {
  assert.deepEqual(messagesOf(files, 'NET152'), [
    'this subnet is added to network "front" next to 10.1.0.0/16 from compose.yaml (ipam.config entries merge ' +
      'by subnet), so the network gets both; write "config: !override" to replace them',
  ]);
});

test('NET152 is quiet on a single file', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET152'] });
});
