import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const files = [
  fixture('NET150-override', 'compose.yaml'),
  fixture('NET150-override', 'compose.override.yaml'),
];

test('NET150 marks the override side when base and override together set network_mode and networks', () => {
  checkFixture(files, { codes: ['NET150', 'NET011'] });
});

test('NET150 quotes compose-go and names the other file', () => {
  const [web] = messagesOf(files, 'NET150');
  assert.match(
    web ?? '',
    /^service web declares mutually exclusive `network_mode` and `networks`: invalid compose project \(networks comes from compose\.yaml;/,
  );
});

test('NET150 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET150'] });
});
