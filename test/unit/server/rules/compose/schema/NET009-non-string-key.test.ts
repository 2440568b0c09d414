import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { analyze } from '../../../../../../server/src/analyze';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET009 marks keys YAML reads as numbers or booleans', () => {
  checkFixture(fixture('NET009-non-string-key.yaml'), { codes: ['NET009'] });
});

test('NET009 quotes compose-go with the path of the map', () => {
  assert.deepEqual(messagesOf(fixture('NET009-non-string-key.yaml'), 'NET009'), [
    'non-string key in networks.default.ipam.config[0]: 123; quote it ("123") if it is meant as a name',
    'non-string key in networks.front.labels: true; quote it ("true") if it is meant as a name',
  ]);
});

test('NET009 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET009'] });
});

test('NET009 walks a subtree shared by aliases once: a key written once is reported once', () => {
  // 10^5 shares of one map under a service's networks: within the alias budget, so the file loads.
  let text = 'x-l0: &l0 [{1: x}, {1: x}, {1: x}, {1: x}, {1: x}, {1: x}, {1: x}, {1: x}, {1: x}, {1: x}]\n';
  for (let i = 1; i < 5; i++)
    text += `x-l${i}: &l${i} [${Array(10)
      .fill(`*l${i - 1}`)
      .join(', ')}]\n`;
  text += 'services:\n  web:\n    image: x\n    networks:\n      front:\n        x-deep: *l4\n';
  text += 'networks:\n  front: {}\n';
  const file = '/p/compose.yaml';
  const project = loadProject({
    files: [file],
    reader: { read: (p) => (p === file ? text : undefined) },
    env: {},
  });
  const found = analyze(project, null).filter((f) => f.code === 'NET009');
  // Ten keys are written (one per map of l0), each reported once, not once per path to it.
  assert.equal(found.length, 10);
  assert.equal(new Set(found.map((f) => f.at.start)).size, 10);
  assert.ok(found.every((f) => text.slice(f.at.start, f.at.end) === '1'));
});
