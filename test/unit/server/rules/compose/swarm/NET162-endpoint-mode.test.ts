import { test } from 'node:test';
import assert from 'node:assert/strict';
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
