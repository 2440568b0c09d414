import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textPathAt } from '../../../server/src/features/yaml-path';

/** The text path at the `|` in `doc`. */
function at(doc: string): ReturnType<typeof textPathAt> {
  const offset = doc.indexOf('|');
  return textPathAt(doc.replace('|', ''), offset);
}

test('a sequence item under a service network list', () => {
  assert.deepEqual(at('services:\n  web:\n    networks:\n      - fr|\n'), {
    path: ['services', 'web', 'networks', '#'],
    inItem: true,
    prefix: 'fr',
  });
});

test("a sequence written at its key's own column", () => {
  assert.deepEqual(at('services:\n  web:\n    networks:\n    - |\n').path, [
    'services',
    'web',
    'networks',
    '#',
  ]);
});

test('a value after `key:`, also inside a sequence item map', () => {
  assert.deepEqual(at('networks:\n  front:\n    driver: |\n'), {
    path: ['networks', 'front'],
    valueKey: 'driver',
    inItem: false,
    prefix: '',
  });
  const second = at(
    'networks:\n  n:\n    ipam:\n      config:\n        - gateway: 10.0.0.1\n          subnet: 10.|\n',
  );
  assert.deepEqual(
    [second.path, second.valueKey, second.prefix],
    [['networks', 'n', 'ipam', 'config', '#'], 'subnet', '10.'],
  );
  const first = at('networks:\n  n:\n    ipam:\n      config:\n        - subnet: |\n');
  assert.deepEqual([first.path, first.valueKey], [['networks', 'n', 'ipam', 'config', '#'], 'subnet']);
});

test('a flow sequence after `networks: [`', () => {
  assert.deepEqual(at('services:\n  web:\n    networks: [front, b|\n'), {
    path: ['services', 'web'],
    valueKey: 'networks',
    inItem: true,
    prefix: 'b',
  });
});

test('comments and blank lines between a key and the cursor are skipped', () => {
  assert.deepEqual(at('networks:\n  front:\n    # the bridge\n\n    driver_opts:\n      |\n').path, [
    'networks',
    'front',
    'driver_opts',
  ]);
});

test('a key being typed at the top level has an empty path', () => {
  assert.deepEqual(at('services: {}\nnet|'), { path: [], inItem: false, prefix: 'net' });
});
