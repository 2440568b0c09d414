import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../../server/src/compose/loader';
import { removalSpan, siblingInsertion } from '../../../../server/src/features/removal';

const FILE = '/p/compose.yaml';
function source(text: string): NonNullable<ReturnType<ReturnType<typeof loadProject>['sources']['get']>> {
  const project = loadProject({
    files: [FILE],
    reader: { read: (p) => (p === FILE ? text : undefined) },
    env: {},
  });
  const src = project.sources.get(FILE);
  assert.ok(src);
  return src;
}
const cut = (text: string, s: { start: number; end: number }): string =>
  text.slice(0, s.start) + text.slice(s.end);

test('removing a key removes its whole block, comment on its line included', () => {
  const text = 'services:\n  m:\n    network_mode: host\n    networks: # no\n      - back\n    image: x\n';
  const src = source(text);
  const key = text.indexOf('networks');
  assert.equal(
    cut(text, removalSpan(src, key, key + 'networks'.length)),
    'services:\n  m:\n    network_mode: host\n    image: x\n',
  );
});

test('removing the last key of a file without a final newline', () => {
  const text = 'networks:\n  a: {}\n  b:\n    attachable: true';
  const src = source(text);
  const key = text.indexOf('attachable');
  assert.equal(cut(text, removalSpan(src, key, key + 'attachable'.length)), 'networks:\n  a: {}\n  b:\n');
});

test('removing a sequence item removes its line', () => {
  const text = 'services:\n  w:\n    networks:\n      - a\n      - a\n';
  const src = source(text);
  const second = text.lastIndexOf('a');
  assert.equal(
    cut(text, removalSpan(src, second, second + 1)),
    'services:\n  w:\n    networks:\n      - a\n',
  );
});

test('inserting a sibling goes after the entry, at its indentation', () => {
  const text = 'networks:\n  mesh:\n    driver: overlay\n    labels:\n      a: b\n';
  const src = source(text);
  const ins = siblingInsertion(src, text.indexOf('overlay'), 'attachable: true');
  assert.equal(
    text.slice(0, ins.offset) + ins.text + text.slice(ins.offset),
    'networks:\n  mesh:\n    driver: overlay\n    attachable: true\n    labels:\n      a: b\n',
  );
});
