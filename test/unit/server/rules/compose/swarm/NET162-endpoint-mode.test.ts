import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../../../../server/src/analyze';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { allRules } from '../../../../../../server/src/rules/registry';
import { checkFixture, fixture } from '../harness';
import { findingsWithFixes } from '../swarm-support';

const file = fixture('NET162-endpoint-mode.yaml');

test('NET162 marks an endpoint_mode that is neither vip nor dnsrr (in any case)', () => {
  checkFixture(file, { codes: ['NET162'] });
});

test("NET162 quotes moby's refusal and offers the mode the value most likely meant", () => {
  const [f] = findingsWithFixes(file, 'NET162');
  assert.match(
    f?.message ?? '',
    /^invalid resolution mode: "roundrobin": docker stack deploy refuses services\.api\.deploy\.endpoint_mode/,
  );
  assert.deepEqual(f?.fix, { kind: 'replace', title: 'Use endpoint_mode dnsrr', text: 'dnsrr' });
});

test('NET162 skips a service whose profile is not active', () => {
  const yaml =
    'services:\n  api:\n    image: api\n    profiles: [debug]\n    deploy:\n      endpoint_mode: roundrobin\n';
  const found = (profiles: string[]): string[] => {
    const file = '/inline/compose.yaml';
    const reader = { read: (p: string) => (p === file ? yaml : undefined) };
    const project = loadProject({ files: [file], reader, env: {}, profiles });
    return analyze(project, null, allRules)
      .filter((f) => f.code === 'NET162')
      .map((f) => yaml.slice(f.at.start, f.at.end));
  };
  assert.deepEqual(found(['debug']), ['roundrobin']);
  assert.deepEqual(found([]), []);
});
