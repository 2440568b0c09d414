import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../../server/src/compose/loader';
import { readsText } from '../../../../server/src/incremental/reads';
import type { PMap } from '../../../../server/src/yaml/tree';

/** What the rules over the whole project compare of a changed service (incremental/reads.ts). */
function body(text: string, name = 'web'): PMap {
  const file = '/project/compose.yaml';
  const project = loadProject({
    files: [file],
    reader: { read: (p) => (p === file ? text : undefined) },
    env: {},
  });
  const svc = project.services.find((s) => s.name === name);
  assert.ok(svc, `no service ${name} in:\n${text}`);
  return svc.node;
}

const WEB = `services:
  web:
    image: nginx
    ports: ["8080:80"]
    networks:
      front:
        aliases: [a]
        ipv4_address: 10.1.0.5
networks:
  front: {}
`;

test('the same parts read the same wherever the body is, and other parts do not count', () => {
  const moved = WEB.replace('services:\n', 'services:\n  other:\n    image: x\n');
  const other = WEB.replace('image: nginx', 'image: httpd');
  for (const paths of [['ports'], ['networks#'], ['networks.*.aliases']]) {
    assert.equal(readsText(body(moved), paths), readsText(body(WEB), paths));
    assert.equal(readsText(body(other), paths), readsText(body(WEB), paths));
  }
});

test('a change under a path, and only there, changes its text', () => {
  const port = WEB.replace('8080:80', '8081:80');
  const address = WEB.replace('10.1.0.5', '10.1.0.6');
  assert.notEqual(readsText(body(port), ['ports']), readsText(body(WEB), ['ports']));
  assert.equal(readsText(body(port), ['networks']), readsText(body(WEB), ['networks']));
  assert.notEqual(readsText(body(address), ['networks']), readsText(body(WEB), ['networks']));
  // The keys only: an address under a key is not read, a new key is.
  assert.equal(readsText(body(address), ['networks#']), readsText(body(WEB), ['networks#']));
  const renamed = WEB.replace('      front:', '      back:');
  assert.notEqual(readsText(body(renamed), ['networks#']), readsText(body(WEB), ['networks#']));
  // A quoted key is another key for NET009, though the same string.
  const quoted = WEB.replace('      front:', '      "front":');
  assert.notEqual(readsText(body(quoted), ['networks']), readsText(body(WEB), ['networks']));
  // A scalar's type and quoting count.
  const typed = WEB.replace('"8080:80"', '8080:80');
  assert.notEqual(readsText(body(typed), ['ports']), readsText(body(WEB), ['ports']));
});

test('a shape path reads the keys as written at every depth and not the values', () => {
  const address = WEB.replace('10.1.0.5', '10.1.0.6');
  const alias = WEB.replace('aliases: [a]', 'aliases: [b]');
  assert.equal(readsText(body(address), ['networks%']), readsText(body(WEB), ['networks%']));
  assert.equal(readsText(body(alias), ['networks%']), readsText(body(WEB), ['networks%']));
  // A key, at any depth, as written; a value's kind; a list's length.
  const deepKey = WEB.replace('ipv4_address', '123');
  const quoted = WEB.replace('      front:', '      "front":');
  const kind = WEB.replace('aliases: [a]', 'aliases: {a: 1}');
  const longer = WEB.replace('aliases: [a]', 'aliases: [a, b]');
  for (const changed of [deepKey, quoted, kind, longer]) {
    assert.notEqual(readsText(body(changed), ['networks%']), readsText(body(WEB), ['networks%']));
  }
});

test('nested aliases are written once each, not once per use', () => {
  let lines = '        x0: &l0 [a, b]\n';
  const levels = 16;
  for (let i = 1; i < levels; i++) lines += `        x${i}: &l${i} [*l${i - 1}, *l${i - 1}]\n`;
  const text = `services:\n  web:\n    image: x\n    networks:\n      front:\n${lines}`;
  const out = readsText(body(text), ['networks']);
  // 2^16 leaves if every use were written out; by reference it stays as long as the source.
  assert.ok(out.length < text.length * 4, `text of ${out.length} characters for ${text.length} of source`);
});
