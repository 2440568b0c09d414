// ipamFindings remembers the network bodies it found valid (the editor's parse cache hands back the same body
// object while its text is unchanged); a body with findings must never be remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../../../../../server/src/analyze';
import { loadProject, ParseCache } from '../../../../../../server/src/compose/loader';
import { allRules } from '../../../../../../server/src/rules/registry';
import { fixture } from '../harness';

test('a network with IPAM findings gives them again when the parse cache hands back its body', () => {
  const file = '/project/compose.yaml';
  const text = readFileSync(fixture('NET031-subnet-host-bits.yaml'), 'utf8');
  const cache = new ParseCache();
  const net031 = (): string[] => {
    const project = loadProject({
      files: [file],
      reader: { read: (p) => (p === file ? text : undefined) },
      env: {},
      parseCache: cache,
    });
    // A rule list of its own each time: no finding is kept by the analysis, the rule runs again.
    return analyze(project, null, [...allRules])
      .filter((f) => f.code === 'NET031')
      .map((f) => `${text.slice(f.at.start, f.at.end)}: ${f.message}`);
  };
  const first = net031();
  assert.deepEqual(first, [
    '172.28.5.1/16: invalid subnet 172.28.5.1/16: it should be 172.28.0.0/16',
    'fd00:1::1/64: invalid subnet fd00:1::1/64: it should be fd00:1::/64',
  ]);
  assert.deepEqual(net031(), first);
  assert.deepEqual(net031(), first);
});
