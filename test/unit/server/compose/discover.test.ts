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

test('discovery knows each default and override name of compose-go, in its order of preference', () => {
  const bases = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
  const overrides = [
    'compose.override.yml',
    'compose.override.yaml',
    'docker-compose.override.yml',
    'docker-compose.override.yaml',
  ];
  bases.forEach((b, i) => {
    // Alone it is found; with every later name beside it, it still wins.
    assert.deepEqual(discoverProjectFiles('/p', has(`/p/${b}`)), [`/p/${b}`]);
    const later = bases.slice(i + 1).map((n) => `/p/${n}`);
    assert.deepEqual(discoverProjectFiles('/p', has(...later, `/p/${b}`)), [`/p/${b}`]);
  });
  overrides.forEach((o, i) => {
    const later = overrides.slice(i + 1).map((n) => `/p/${n}`);
    assert.deepEqual(discoverProjectFiles('/p', has('/p/compose.yaml', ...later, `/p/${o}`)), [
      '/p/compose.yaml',
      `/p/${o}`,
    ]);
    assert.deepEqual(projectFilesFor(`/p/${o}`, has('/p/docker-compose.yml')), [
      '/p/docker-compose.yml',
      `/p/${o}`,
    ]);
  });
});

test('projectFilesFor: which names count as a variant of a base file', () => {
  const exists = has('/p/compose.yaml');
  for (const name of [
    'compose.prod.yaml',
    'compose.dev.yml',
    'docker-compose.ci.yml',
    'docker-compose.x.yaml',
  ]) {
    assert.deepEqual(projectFilesFor(`/p/${name}`, exists), ['/p/compose.yaml', `/p/${name}`], name);
  }
  for (const name of [
    'compose.a.b.yaml',
    'compose..yaml',
    'xcompose.prod.yaml',
    'compose.prod.yaml.bak',
    'compose.prod.json',
    'docker-compose-prod.yml',
    'my-docker-compose.prod.yml',
  ]) {
    assert.deepEqual(projectFilesFor(`/p/${name}`, exists), [`/p/${name}`], name);
  }
});
