// NET159's wording for one and several variables, unset or set to "" (written from the mutation run of
// NET159-empty-host-port.ts, test/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFixture, findingsInText, fixture, messagesOf } from '../harness';

test('NET159 names the variables, says "is" or "are", "not set" or "empty", and the container port', () => {
  const dir = mkdtempSync(join(tmpdir(), 'net159-'));
  try {
    const file = join(dir, 'compose.yaml');
    writeFileSync(
      file,
      [
        'services:',
        '  a:',
        '    image: a',
        '    ports: ["${A}${B}:80"]',
        '  b:',
        '    image: b',
        '    ports: ["${E}:81"]',
        '  c:',
        '    image: c',
        '    ports: ["${E}${F}:82"]',
        '  d:',
        '    image: d',
        '    ports: ["${G}:83"]',
        '',
      ].join('\n'),
    );
    const tail = (name: string) =>
      `on a random host port; set ${name} or give it a default such as \${${name}:-8080}`;
    assert.deepEqual(messagesOf(file, 'NET159', { env: { E: '', F: '' } }), [
      `the host port of "\${A}\${B}:80" is empty after interpolation (A, B are not set), so Docker publishes container port 80 ${tail('A')}`,
      `the host port of "\${E}:81" is empty after interpolation (E is empty), so Docker publishes container port 81 ${tail('E')}`,
      `the host port of "\${E}\${F}:82" is empty after interpolation (E, F are empty), so Docker publishes container port 82 ${tail('E')}`,
      `the host port of "\${G}:83" is empty after interpolation (G is not set), so Docker publishes container port 83 ${tail('G')}`,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('NET159: a long-syntax port without a target says "the container port"', () => {
  assert.deepEqual(
    findingsInText('services:\n  a:\n    image: a\n    ports: [{published: "${P}"}]\n', 'NET159').map(
      (f) => f.message,
    ),
    [
      'the host port of "${P}" is empty after interpolation (P is not set), so Docker publishes the container port on a random host port; set P or give it a default such as ${P:-8080}',
    ],
  );
});

test('NET159 is quiet where interpolation leaves a host port written: a default, a 0, no host part, a long `published` default', () => {
  checkFixture(fixture('NET159-empty-host-port.right.yaml'), { codes: ['NET159'] });
  const found = (port: string): string[] =>
    findingsInText(`services:\n  a:\n    image: a\n    ports: [${port}]\n`, 'NET159').map((f) => f.text);
  // A container port alone has no host part: Docker always picks the host port.
  assert.deepEqual(found('"${P:-80}"'), []);
  // Port 0 is a random host port written on purpose; it is not empty (the message would say it is).
  assert.deepEqual(found('"${H:-0}:80"'), []);
  assert.deepEqual(found('{target: 80, published: "${P:-8080}"}'), []);
  assert.deepEqual(found('"${H}:80"'), ['"${H}:80"']);
});
