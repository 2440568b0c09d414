// NET113's message and related place, only for services that run, and the same answer when the same
// project is analysed twice (its cache of lists without a duplicate). Written from the mutation run of
// NET113-duplicate-port.ts (test/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { analyze } from '../../../../../../server/src/analyze';
import { allRules } from '../../../../../../server/src/rules/registry';

const F = '/p/compose.yaml';
const TEXT = [
  'services:',
  '  web:',
  '    image: a',
  '    ports: ["8080:80", "8080:80"]',
  '  off:',
  '    image: a',
  '    profiles: [debug]',
  '    ports: ["9090:90", "9090:90"]',
  '',
].join('\n');

type Project = ReturnType<typeof loadProject>;
const loaded = (profiles: string[] | undefined): Project =>
  loadProject({
    files: [F],
    reader: { read: (p) => (p === F ? TEXT : undefined) },
    env: {},
    profiles,
  });

function net113(project: Project) {
  return analyze(project, null, allRules)
    .filter((f) => f.code === 'NET113')
    .map((f) => ({
      message: f.message,
      at: TEXT.slice(f.at.start, f.at.end),
      line: TEXT.slice(0, f.at.start).split('\n').length - 1,
      related: (f.related ?? []).map((r) => [r.message, r.at.start]),
    }));
}

test('NET113: two equal ports in a running service, with the first one as related; none in a disabled one', () => {
  const first = TEXT.indexOf('"8080:80"');
  const expected = [
    {
      message: 'service "web" lists port "8080:80" twice; Compose silently keeps one',
      at: '"8080:80"',
      line: 3,
      related: [['first written here', first]],
    },
  ];
  const project = loaded([]);
  assert.deepEqual(net113(project), expected);
  // The same project analysed again: the same finding (a list with a duplicate is not remembered as clean).
  assert.deepEqual(net113(project), expected);
  assert.equal(net113(loaded(undefined)).length, 2, 'with every profile active both services report');
});
