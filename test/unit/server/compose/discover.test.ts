import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  discoverProjectFiles,
  loadProjectForFile,
  projectFilesFor,
} from '../../../../server/src/compose/loader';
import { load, must } from './memfs';

const has =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

test('discovery picks the first default name and the first override beside it', () => {
  const exists = has('/p/docker-compose.yml', '/p/compose.yml', '/p/docker-compose.override.yaml');
  assert.deepEqual(discoverProjectFiles('/p', exists), ['/p/compose.yml', '/p/docker-compose.override.yaml']);
  assert.deepEqual(discoverProjectFiles('/p', has('/p/docker-compose.yaml')), ['/p/docker-compose.yaml']);
});

test('discovery walks up to the nearest parent with a compose file', () => {
  assert.deepEqual(discoverProjectFiles('/p/sub/dir', has('/p/compose.yaml')), ['/p/compose.yaml']);
  assert.deepEqual(discoverProjectFiles('/p/sub', has()), []);
});

test('projectFilesFor: a base brings its override, an override (or variant) comes after its base', () => {
  const exists = has('/p/compose.yaml', '/p/compose.override.yaml', '/p/compose.prod.yaml');
  assert.deepEqual(projectFilesFor('/p/compose.yaml', exists), [
    '/p/compose.yaml',
    '/p/compose.override.yaml',
  ]);
  assert.deepEqual(projectFilesFor('/p/compose.override.yaml', exists), [
    '/p/compose.yaml',
    '/p/compose.override.yaml',
  ]);
  assert.deepEqual(projectFilesFor('/p/compose.prod.yaml', exists), [
    '/p/compose.yaml',
    '/p/compose.prod.yaml',
  ]);
  assert.deepEqual(projectFilesFor('/p/stack.yaml', exists), ['/p/stack.yaml']);
  assert.deepEqual(projectFilesFor('/q/compose.override.yaml', exists), ['/q/compose.override.yaml']);
});

test('loadProject discovers the files when only a project directory is given', () => {
  const p = load(
    {
      '/p/compose.yaml': 'services:\n  web:\n    image: a\n',
      '/p/compose.override.yaml': 'services:\n  web:\n    image: b\n',
    },
    [],
    { projectDirectory: '/p' },
  );
  assert.deepEqual(p.files, ['/p/compose.yaml', '/p/compose.override.yaml']);
  assert.equal(p.services.length, 1);
  assert.deepEqual(
    must(p.services[0]).keySpans.map((s) => s.file),
    p.files,
  );
});

test('loadProjectForFile loads an open override together with its base', () => {
  const files = new Map([
    ['/p/compose.yaml', 'services:\n  web:\n    ports: ["80:80"]\n'],
    ['/p/compose.override.yaml', 'services:\n  web:\n    ports: ["81:80"]\n'],
  ]);
  const p = loadProjectForFile('/p/compose.override.yaml', {
    reader: { read: (f) => files.get(f) },
    env: {},
  });
  assert.deepEqual(p.files, ['/p/compose.yaml', '/p/compose.override.yaml']);
  assert.equal(p.name, 'p');
  assert.equal(must(p.services[0]).keySpans.length, 2);
});
