import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastParseYaml } from '../../../../server/src/yaml/fastyaml';
import { ParseCache, parseWithYamlPackage } from '../../../../server/src/yaml/parse';
import type { PNode, Span } from '../../../../server/src/yaml/tree';
import { loadProject } from '../../../../server/src/compose/loader';
import { analyze } from '../../../../server/src/analyze';

/**
 * A parsed node is its own span and an entry its own key span (tree.ts, `OwnSpan`): the parsers allocate no
 * span objects. Every node and entry of both parsers' trees is checked: `span` is the node itself, with the
 * node's place in the text, also for aliases and tagged nodes (copies of another node), and after an
 * incremental parse moved a reused body.
 */
const FILE = '/p/compose.yaml';

function checkTree(root: PNode | null, text: string): number {
  let seen = 0;
  const visit = (n: PNode): void => {
    seen++;
    assert.equal(n.span, n as unknown as Span, `${n.kind} at ${n.span.start} is not its own span`);
    assert.equal(n.span.file, FILE);
    const written = text.slice(n.span.start, n.span.end);
    if (n.kind === 'scalar' && !n.quoted && n.tag === undefined && !written.includes('\n') && n.source !== '')
      assert.equal(written, n.source);
    if (n.kind === 'map') {
      for (const e of n.entries) {
        seen++;
        assert.equal(e.keySpan, e as unknown as Span, `entry ${e.key} is not its own key span`);
        assert.equal(text.slice(e.keySpan.start, e.keySpan.end).replace(/^["']|["']$/g, ''), e.key);
        if (e.value !== null) visit(e.value);
      }
    } else if (n.kind === 'seq') for (const item of n.items) visit(item);
  };
  if (root !== null) visit(root);
  return seen;
}

const DOC = [
  'x-base: &base',
  '  image: nginx',
  'services:',
  '  web:',
  '    <<: *base',
  '    ports: ["8080:80", "8443:443"]',
  '    networks: !reset []',
  '    labels: {a: "1", b: two}',
  '  db:',
  '    image: postgres',
  '    networks:',
  '      - back',
  '    other: *base',
  'networks:',
  '  back: {}',
  '',
].join('\n');

test('the fast parser builds nodes and entries that are their own spans, aliases and tags included', () => {
  const fast = fastParseYaml(DOC, FILE);
  assert.ok(fast, 'the fast parser answers this document');
  assert.ok(checkTree(fast.root, DOC) > 20);
});

test('the yaml-package path builds the same own spans', () => {
  const slow = parseWithYamlPackage(DOC, FILE);
  assert.deepEqual(slow.errors, []);
  assert.ok(checkTree(slow.root, DOC) > 20);
  // A document only the yaml package reads (a multi-line plain scalar).
  const text = 'services:\n  web:\n    command: run\n      this\n    image: x\n';
  assert.equal(fastParseYaml(text, FILE), undefined);
  assert.ok(checkTree(parseWithYamlPackage(text, FILE).root, text) > 5);
});

test('an incremental parse moves reused nodes with their own spans', () => {
  const cache = new ParseCache();
  const services = Array.from(
    { length: 30 },
    (_, i) => `  s${i}:\n    image: img${i}\n    ports: ["${8000 + i}:80"]`,
  );
  const before = `services:\n${services.join('\n')}\n`;
  cache.parse(before, FILE);
  const after = before.replace('  s0:\n    image: img0', '  s0:\n    image: a-longer-image-name');
  const parsed = cache.parse(after, FILE);
  assert.ok(cache.counts.reused > 0, 'the bodies after the edit were reused');
  checkTree(parsed.root, after);
});

test('analysis and loading hand out findings whose places are spans of their own, not parsed nodes', () => {
  const text = [
    'services:',
    '  web:',
    '    image: nginx',
    '    ports: ["8080:80"]',
    '    networks: [front, missing]',
    '  api:',
    '    image: api',
    '    ports: ["8080:80"]',
    '    networks: [front]',
    '    x: ${UNCLOSED',
    'networks:',
    '  front: {}',
    '',
  ].join('\n');
  const project = loadProject({
    files: [FILE],
    reader: { read: (f) => (f === FILE ? text : undefined) },
    env: {},
  });
  const found = analyze(project, null, undefined, undefined, { oneShot: true });
  assert.ok(
    found.length >= 3,
    `expected the clash, the undefined network and the bad interpolation: ${found.length}`,
  );
  assert.ok(
    found.some((f) => f.related !== undefined && f.related.length > 0),
    'a finding with related places',
  );
  JSON.stringify(found); // a parsed node as a place would be a cycle here
  for (const f of found) {
    for (const at of [f.at, ...(f.related ?? []).map((r) => r.at)]) {
      assert.deepEqual(
        Object.keys(at).sort(),
        ['end', 'file', 'start'],
        `${f.code}: ${Object.keys(at).join(',')}`,
      );
    }
  }
});
