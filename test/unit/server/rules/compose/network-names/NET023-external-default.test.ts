import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, findingsInText, fixture, messagesOf } from '../harness';

test('NET023 marks what it should in NET023-external-default.yaml', () => {
  checkFixture(fixture('NET023-external-default.yaml'), { codes: ['NET023'] });
});

test('NET023 says it in these words', () => {
  assert.deepEqual(messagesOf(fixture('NET023-external-default.yaml'), 'NET023'), [
    'network default declared as external, but could not be found: "default" is reserved by the engine and never exists; add name: <the existing network> to use it',
  ]);
});

test('NET023 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET023'] });
});

test('NET023 accepts an external default network with a name', () => {
  checkFixture(fixture('NET023-external-default-named.yaml'), { codes: ['NET023'] });
});

test('NET023 is about the default network only: another external network without a name is looked up by its key', () => {
  const yaml =
    'services:\n  web:\n    image: nginx\n    networks: [shared]\nnetworks:\n  shared:\n    external: true\n  default:\n    external: true\n';
  assert.deepEqual(
    findingsInText(yaml, 'NET023').map((f) => f.text),
    ['external'],
  );
  assert.deepEqual(findingsInText(yaml.replace(/ {2}default:\n {4}external: true\n/, ''), 'NET023'), []);
});
