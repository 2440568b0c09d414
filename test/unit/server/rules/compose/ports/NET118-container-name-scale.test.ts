import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../../../../server/src/analyze';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { allRules } from '../../../../../../server/src/rules/registry';
import { checkFixture, fixture } from '../harness';

test('NET118 marks container_name on a replicated service', () => {
  checkFixture(fixture('NET118-container-name-scale.yaml'), { codes: ['NET118'] });
});

/** NET118's findings on one compose file: the text it marks, then each related place's text and message. */
function net118(yaml: string, profiles?: string[]): string[][] {
  const file = '/inline/compose.yaml';
  const reader = { read: (p: string) => (p === file ? yaml : undefined) };
  const project = loadProject({ files: [file], reader, env: {}, ...(profiles ? { profiles } : {}) });
  return analyze(project, null, allRules)
    .filter((f) => f.code === 'NET118')
    .map((f) => [
      f.message,
      yaml.slice(f.at.start, f.at.end),
      ...(f.related ?? []).map((r) => `${yaml.slice(r.at.start, r.at.end)}: ${r.message}`),
    ]);
}

test('NET118 names scale or deploy.replicas, whichever sets the count, and points at it', () => {
  const svc = (count: string) => `services:\n  worker:\n    image: job\n    container_name: w1\n${count}`;
  assert.deepEqual(net118(svc('    scale: 3\n')), [
    [
      "services.scale: can't set container_name and worker as container name must be unique: invalid compose project",
      'w1',
      '3: 3 replicas are set here',
    ],
  ]);
  assert.deepEqual(net118(svc('    deploy:\n      replicas: 2\n')), [
    [
      "services.deploy.replicas: can't set container_name and worker as container name must be unique: invalid compose project",
      'w1',
      '2: 2 replicas are set here',
    ],
  ]);
  assert.deepEqual(net118(svc('    scale: 1\n')), []);
});

test('NET118 skips a service whose profile is not active', () => {
  const yaml =
    'services:\n  worker:\n    image: job\n    profiles: [batch]\n    container_name: w1\n    scale: 2\n';
  assert.equal(net118(yaml, ['batch']).length, 1);
  assert.deepEqual(net118(yaml, []), []);
});

test('NET118 leaves an empty container_name alone, as compose-go does (`s.ContainerName != ""`)', () => {
  const svc = (name: string) =>
    `services:\n  worker:\n    image: job\n    container_name: ${name}\n    scale: 3\n`;
  assert.deepEqual(net118(svc('""')), []);
  assert.deepEqual(net118(svc('${NAME}')), []); // unset: the name interpolates to ""
  assert.deepEqual(net118(svc('~')), []);
  assert.deepEqual(net118(svc('"${NAME:-w1}"')), [
    [
      "services.scale: can't set container_name and worker as container name must be unique: invalid compose project",
      '"${NAME:-w1}"',
      '3: 3 replicas are set here',
    ],
  ]);
});
