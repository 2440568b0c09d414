// load-context.ts and loader.ts through whole loads: the origin the first read of a file records is
// kept when the same load reads it again (an `extends` of a file also included); which files load. From the
// mutation run of load-context.ts and loader.ts (test/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProjectForFile } from '../../../../server/src/compose/loader';
import { load, must, textAt } from './memfs';

test('a file read twice in one load keeps the origin of its first read', () => {
  const project = load(
    {
      '/p/compose.yaml': `
        include: [inc.yaml]
        services:
          web:
            extends: {file: inc.yaml, service: base}
      `,
      '/p/inc.yaml': `
        services:
          base:
            image: nginx
      `,
    },
    ['/p/compose.yaml'],
  );
  const origin = must(project.origins?.get('/p/inc.yaml'));
  assert.equal(origin.kind, 'include');
  assert.equal(textAt(project, must(origin.from)).text, 'inc.yaml');
  assert.equal(textAt(project, must(origin.from)).line, 0, 'the include, not the extends below it');
});

test('-f files are loaded as given even with a project directory that has its own compose.yaml', () => {
  const project = load(
    {
      '/p/compose.yaml': 'services:\n  discovered: {image: a}\n',
      '/p/custom.yaml': 'services:\n  given: {image: b}\n',
    },
    ['/p/custom.yaml'],
    { projectDirectory: '/p' },
  );
  assert.deepEqual(
    project.services.map((s) => s.name),
    ['given'],
  );
  assert.deepEqual(project.files, ['/p/custom.yaml']);
});

test('nothing to load: an empty project whose root stands at compose.yaml in the project directory', () => {
  const project = load({}, [], { projectDirectory: '/empty' });
  assert.deepEqual(project.files, []);
  assert.equal(project.root?.span.file, '/empty/compose.yaml');
  assert.equal(project.workingDir, '/empty');
});

test('loadProjectForFile takes the override beside the file only when it exists', () => {
  const fs = new Map([['/p/compose.yaml', 'services:\n  web: {image: a}\n']]);
  const alone = loadProjectForFile('/p/compose.yaml', { reader: { read: (p) => fs.get(p) }, env: {} });
  assert.deepEqual(alone.files, ['/p/compose.yaml']);
  assert.deepEqual(alone.findings, []);
  fs.set('/p/compose.override.yaml', 'services:\n  web: {image: b}\n');
  const both = loadProjectForFile('/p/compose.yaml', { reader: { read: (p) => fs.get(p) }, env: {} });
  assert.deepEqual(both.files, ['/p/compose.yaml', '/p/compose.override.yaml']);
});

test('a file read twice in one load reports its problems once', () => {
  const project = load(
    {
      '/p/compose.yaml':
        'include: [inc.yaml]\nservices:\n  web:\n    extends: {file: inc.yaml, service: base}\n',
      '/p/inc.yaml': 'services:\n  base:\n    image: ${MISSING}\n    command: "${Y:?need Y}"\n',
    },
    ['/p/compose.yaml'],
  );
  assert.deepEqual(
    project.findings.map((f) => `${f.code} ${textAt(project, f.at).text}: ${f.message}`),
    [
      'NET153 ${MISSING}: The "MISSING" variable is not set. Defaulting to a blank string.',
      'NET154 ${Y:?need Y}: required variable Y is missing a value: need Y',
    ],
  );
});
