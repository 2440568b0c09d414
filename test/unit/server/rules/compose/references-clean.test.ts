import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadProject } from '../../../../../server/src/compose/loader';
import { analyze } from '../../../../../server/src/analyze';
import { referenceRules } from '../../../../../server/src/rules/compose/group-references';
import { fixture } from './harness';

const clean = [
  fixture('references-clean.yaml'),
  join(__dirname, '..', '..', '..', '..', '..', 'examples', 'clean', 'compose.yaml'),
];

for (const file of clean) {
  test(`no reference rule reports anything on ${file.split('/').slice(-2).join('/')}`, () => {
    const project = loadProject({ files: [file], reader: { read: (p) => readFileSync(p, 'utf8') } });
    const found = analyze(project, null, referenceRules).filter((f) => f.code.startsWith('NET'));
    assert.deepEqual(
      found.map((f) => `${f.code} ${f.message}`),
      [],
    );
  });
}

test('every reference rule id is registered once and named after its file', () => {
  const ids = referenceRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  const files = readdirSync(
    join(__dirname, '..', '..', '..', '..', '..', 'server', 'src', 'rules', 'compose'),
    {
      recursive: true,
      encoding: 'utf8',
    },
  ).map((f) => basename(f));
  for (const id of ids) {
    assert.equal(
      files.filter((f) => f.startsWith(`${id}-`) && f.endsWith('.ts')).length,
      1,
      `one file for ${id}`,
    );
  }
});
