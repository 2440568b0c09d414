import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textPathAt } from '../../../../server/src/features/yaml-path';

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

test(
  'a key with 100k spaces before its colon is still a key, and a line of spaces is no key',
  { timeout: 20_000 },
  () => {
    // The timeout only guards against the quadratic backtracking this once had (31 s); nothing asserts on time.
    const spaces = ' '.repeat(100_000);
    // Spaces inside a plain key (before more key text) made the lazy key pattern try every split.
    assert.deepEqual(at(`services:\n  web:\n    net${spaces}works:\n      - |\n`).path, [
      'services',
      'web',
      `net${spaces}works`,
      '#',
    ]);
    assert.deepEqual(at(`services:\n  web:\n    net${spaces}|works:\n`).path, ['services', 'web']);
    assert.deepEqual(at(`services:\n  web:\n    net${spaces}x|\n`).path, ['services', 'web']);
    // The same answers as with a few spaces.
    assert.deepEqual(
      at(`services:\n  web${spaces}x\n    |\n`).path,
      at(`services:\n  web   x\n    |\n`).path,
    );
    assert.deepEqual(at(`services:\n${spaces}|\n`).path, ['services']);
  },
);
