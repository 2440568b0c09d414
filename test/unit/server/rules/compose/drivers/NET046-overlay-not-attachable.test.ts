import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../../../../server/src/analyze';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { allRules } from '../../../../../../server/src/rules/registry';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET046 marks overlay networks without attachable: true', () => {
  checkFixture(fixture('NET046-overlay-not-attachable.yaml'), { codes: ['NET046'] });
});

test('NET046 quotes the swarm refusal with the engine name', () => {
  assert.match(
    messagesOf(fixture('NET046-overlay-not-attachable.yaml'), 'NET046')[0] ?? '',
    /^Could not attach to network rules_ov: rpc error: code = PermissionDenied desc = network rules_ov not manually attachable/,
  );
});

test('NET046 offers to insert attachable: true, and leaves networks of other drivers alone', () => {
  const file = '/inline/compose.yaml';
  const yaml =
    'services:\n  web:\n    image: nginx\n    networks: [ov]\nnetworks:\n  ov:\n    driver: overlay\n';
  const net046 = (driver: string) => {
    const text = yaml.replace('overlay', driver);
    const project = loadProject({
      files: [file],
      reader: { read: (p) => (p === file ? text : undefined) },
      env: {},
    });
    return analyze(project, null, allRules)
      .filter((f) => f.code === 'NET046')
      .map((f) => [text.slice(f.at.start, f.at.end), f.fix]);
  };
  assert.deepEqual(net046('bridge'), []);
  assert.deepEqual(net046('macvlan'), []);
  assert.deepEqual(net046('overlay'), [
    ['overlay', { kind: 'insert', title: 'Set attachable: true', text: 'attachable: true' }],
  ]);
});
