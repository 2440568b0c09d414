import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { analyze } from '../../../../../../server/src/analyze';
import { readFileSync } from 'node:fs';

test('NET011 marks networks beside network_mode; an empty networks list is no clash', () => {
  checkFixture(fixture('NET011-exclusive.yaml'), { codes: ['NET011', 'NET150'] });
});

test('NET011 quotes compose-go and offers to remove networks, pointing at network_mode', () => {
  const f = fixture('NET011-exclusive.yaml');
  assert.deepEqual(messagesOf(f, 'NET011'), [
    'service web declares mutually exclusive `network_mode` and `networks`: invalid compose project',
    'service api declares mutually exclusive `network_mode` and `networks`: invalid compose project',
    'service child declares mutually exclusive `network_mode` and `networks`: invalid compose project',
  ]);
  const p = loadProject({ files: [f], reader: { read: (x) => readFileSync(x, 'utf8') } });
  const found = analyze(p, null).find((x) => x.code === 'NET011');
  assert.deepEqual(found?.fix, { kind: 'remove', title: 'Remove networks' });
  const text = readFileSync(f, 'utf8');
  const rel = found?.related?.[0]?.at;
  assert.equal(rel && text.slice(rel.start, rel.end), 'network_mode');
});

test('NET011 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET011'] });
});
