import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fastParseYaml } from '../../../server/src/compose/fastyaml';
import { parseWithYamlPackage, parseYaml } from '../../../server/src/compose/parse';
import { mutatedYamlDocument, yamlDocument } from './yamlgen';

/**
 * The fast parser must build exactly the tree of the `yaml`-package path whenever it answers, and answer
 * nothing for a document the `yaml` package finds an error in.
 */
function agrees(text: string): boolean {
  const fast = fastParseYaml(text, '/p/compose.yaml');
  if (fast === undefined) return true;
  const slow = parseWithYamlPackage(text, '/p/compose.yaml');
  assert.deepEqual(slow.errors, [], `fast parser accepted a document with errors:\n${text}`);
  assert.deepStrictEqual(fast, slow, `trees differ for:\n${JSON.stringify(text)}`);
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

const root = join(__dirname, '..', '..', '..');

test('every fixture and example parses to the same tree on both paths', () => {
  const files = [...yamlFiles(join(root, 'test', 'fixtures')), ...yamlFiles(join(root, 'examples'))];
  assert.ok(files.length > 20);
  let fast = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    agrees(text);
    if (fastParseYaml(text, f)) fast++;
  }
  // The fast path must actually be taken for ordinary files, not just bail.
  assert.ok(fast >= files.length * 0.8, `fast path taken for ${fast} of ${files.length} files`);
});

test('hand-picked corners agree', () => {
  const cases = [
    'a:\n  b:\nc: 1\n',
    'a:\n  b:\n# x\nc: 1\n',
    'a:\n  - \n# x\n  -\nb: 1\n',
    'a:\n  b: 1\n  # c\n# d\n',
    'a:\n  b: 1  \n    # c\n\nd: 1',
    'a:\n  b:\n    c: 1\n  # x\n',
    'x: &x\n  k: 1\ny:\n  <<: *x\n  j: [*x, {<<: *x}]\n',
    'a: |+\n  x\n\n\nb: |\n  y\n\n\nc: |-\n  z\n\nd: >\n  p\n  q\n\n  r\n',
    'a: !reset null\nb: !reset\nc: !override [1]\nd: !reset\n  - 1\n',
    'a: -1\nb: 0x1F\nc: 0o17\nd: 1e3\ne: .5\nf: .inf\ng: 010\nh: 1_000\ni: +12\nj: 3.\n80: x\n~: y\n1.5: z\n',
    "a: { y: , z: 1, w }\nb: [a, b, ]\nc: {}\nd: []\ne: \"\\u00e9\\x41\\t\"\nf: 'it''s'\n",
    '- a: 1\n  b: 2\n- - x\n  - y\n-\n',
    'key:\n- a\n- b\nnext: 1\n',
    '',
    '# only a comment\n',
    'scalar',
  ];
  for (const c of cases) agrees(c);
});

test('generated compose-like documents agree (fast-check)', () => {
  fc.assert(fc.property(yamlDocument, agrees), { numRuns: 3000 });
});

test('documents mutated as while typing agree, and never throw', () => {
  fc.assert(
    fc.property(mutatedYamlDocument, (text) => {
      assert.doesNotThrow(() => parseYaml(text, '/p/compose.yaml'));
      return agrees(text);
    }),
    { numRuns: 2000 },
  );
});

test('the generated 1,000-service project takes the fast path', () => {
  let text = 'services:\n';
  for (let i = 0; i < 1000; i++) {
    text += `  svc${i}:\n    image: "nginx:1.${i % 20}"\n    ports:\n      - "${10000 + i}:80"\n`;
    text += `      - target: 443\n        published: ${20000 + i}\n    networks:\n      net${i % 200}:\n`;
    text += `        ipv4_address: 10.${i % 200}.${Math.floor(i / 250)}.${(i % 250) + 2}\n        aliases: [a${i}]\n`;
  }
  text += 'networks:\n';
  for (let j = 0; j < 200; j++)
    text += `  net${j}:\n    ipam:\n      config:\n        - subnet: 10.${j}.0.0/16\n`;
  assert.ok(fastParseYaml(text, 'big.yaml') !== undefined);
  agrees(text);
});
