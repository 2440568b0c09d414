import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const file = fixture('NET157-extends', 'compose.yaml');

test('NET157 marks extends when the extended service uses what this file does not declare', () => {
  checkFixture(file, { codes: ['NET157', 'NET010', 'NET012'] });
});

test('NET157 quotes compose-go and says where the reference comes from', () => {
  assert.deepEqual(
    messagesOf(file, 'NET157').map((m) => m.split(' (')[0]),
    [
      'service "web" refers to undefined network back: invalid compose project',
      `service "vpn" not found for network_mode 'service:vpn'`,
    ],
  );
});

test('NET010 reports a network a same-file base service names once, where it is written', () => {
  checkFixture(fixture('NET010-extends.yaml'), { codes: ['NET010', 'NET157'] });
});

test('NET157 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET157'] });
});
