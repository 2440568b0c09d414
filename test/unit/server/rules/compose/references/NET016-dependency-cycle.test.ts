import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../../../../server/src/analyze';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { NET016 } from '../../../../../../server/src/rules/compose/references/NET016-dependency-cycle';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET016 marks one edge of each dependency cycle', () => {
  checkFixture(fixture('NET016-cycle.yaml'), { codes: ['NET016'] });
});

test('NET016 names the cycle as compose-go does', () => {
  assert.deepEqual(messagesOf(fixture('NET016-cycle.yaml'), 'NET016'), [
    'dependency cycle detected: a -> b -> a; remove one of these dependencies',
    'dependency cycle detected: c -> c; remove one of these dependencies',
  ]);
});

test('NET016 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET016'] });
});

test('NET016 walks a chain of 50,000 dependencies without running out of stack', () => {
  // Each service depends on the next; the last two depend on each other. The recursive walk overflowed
  // the call stack here (the CLI said "internal error in rule NET016").
  const n = 50_000;
  let text = 'services:\n';
  for (let i = 0; i < n; i++)
    text += `  s${i}:\n    image: x\n    depends_on: [s${i === n - 1 ? n - 2 : i + 1}]\n`;
  const project = loadProject({ files: ['/p/compose.yaml'], reader: { read: () => text }, env: {} });
  assert.deepEqual(
    analyze(project, null, [NET016]).map((f) => f.message),
    [`dependency cycle detected: s${n - 2} -> s${n - 1} -> s${n - 2}; remove one of these dependencies`],
  );
});
