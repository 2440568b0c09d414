import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, findingsInText, fixture, messagesOf } from '../harness';

test('NET005 marks a top-level networks list', () => {
  checkFixture(fixture('NET005-not-mapping.yaml'), { codes: ['NET005'] });
  assert.match(
    messagesOf(fixture('NET005-not-mapping.yaml'), 'NET005')[0] ?? '',
    /: networks must be a mapping;/,
  );
});

test('NET005 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET005'] });
});

test('NET005 in full, for a list and a scalar; an empty networks: is not one', () => {
  const net005 = (v: string) =>
    findingsInText(`services:\n  a: {image: nginx}\nnetworks: ${v}\n`, 'NET005').map(
      (f) => `${f.text}: ${f.message}`,
    );
  assert.deepEqual(net005('[front]'), [
    '[front]: validating /inline/compose.yaml: networks must be a mapping; write each network as a key: networks: {front: {}}',
  ]);
  assert.deepEqual(net005('front').length, 1);
  assert.deepEqual(net005(''), []);
  assert.deepEqual(net005('{front: {}}'), []);
});
