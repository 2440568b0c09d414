import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../../server/src/compose/loader';
import { analyzeSafely } from '../../../../server/src/lsp/safe-analyze';
import type { Rule } from '../../../../server/src/rules/rule';

const FILE = '/p/compose.yaml';
const project = loadProject({
  files: [FILE],
  reader: { read: (p) => (p === FILE ? 'services:\n  web:\n    image: nginx\n' : undefined) },
  env: {},
});
const reporting = (id: string): Rule => ({
  id,
  title: id,
  run: ({ report }) =>
    report({ code: id, severity: 'warning', message: id, at: { file: FILE, start: 0, end: 1 } }),
});
const throwing: Rule = {
  id: 'BOOM',
  title: 'boom',
  run: () => {
    throw new Error('rule bug');
  },
};

test('a rule that throws loses only its own findings, and is named', () => {
  const errors: string[] = [];
  const findings = analyzeSafely(
    project,
    null,
    (id, err) => errors.push(`${id}: ${(err as Error).message}`),
    [reporting('A'), throwing, reporting('B')],
  );
  assert.deepEqual(
    findings.map((f) => f.code),
    ['A', 'B'],
  );
  assert.deepEqual(errors, ['BOOM: rule bug']);
});

test('without failures it is exactly analyze', () => {
  const errors: unknown[] = [];
  const findings = analyzeSafely(project, null, (_id, err) => errors.push(err), [
    reporting('A'),
    reporting('B'),
  ]);
  assert.deepEqual(
    findings.map((f) => f.code),
    ['A', 'B'],
  );
  assert.equal(errors.length, 0);
});
