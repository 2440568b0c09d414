import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byPosition } from '../../../../../../server/src/rules/compose/ipam/order';
import type { ComposeProject } from '../../../../../../server/src/compose/project';

// byPosition reads only the project's files, in load order.
const project = { files: ['/p/compose.yaml', '/p/compose.override.yaml'] } as unknown as ComposeProject;
const at = (file: string, start: number) => ({ file, start, end: start + 1 });

test('byPosition: by file in load order, files outside the list last, then by offset', () => {
  const spans = [
    at('/p/other.yaml', 5),
    at('/p/compose.override.yaml', 3),
    at('/p/compose.yaml', 40),
    at('/p/zz.yaml', 1),
    at('/p/compose.yaml', 7),
    at('/p/compose.override.yaml', 1),
  ];
  assert.deepEqual(
    [...spans].sort(byPosition(project)).map((s) => `${s.file.slice(3)}:${s.start}`),
    [
      'compose.yaml:7',
      'compose.yaml:40',
      'compose.override.yaml:1',
      'compose.override.yaml:3',
      'zz.yaml:1',
      'other.yaml:5',
    ],
  );
  const cmp = byPosition(project);
  assert.equal(cmp(at('/p/compose.yaml', 4), at('/p/compose.yaml', 4)), 0);
  assert.ok(cmp(at('/p/compose.override.yaml', 0), at('/p/compose.yaml', 90)) > 0);
  assert.ok(cmp(at('/p/x.yaml', 0), at('/p/compose.override.yaml', 90)) > 0);
});
