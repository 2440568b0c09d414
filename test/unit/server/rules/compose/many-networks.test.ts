import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../../../server/src/compose/loader';
import { analyze, MAX_FINDINGS_PER_RULE } from '../../../../../server/src/analyze';
import { worstCase } from '../../property/worst-cases';

// Issue 12: 200k networks on one service ran past 30 s (NET056 and friends copied arrays per network) and
// then overflowed the stack (push(...findings)). The timeout only guards against a hang.
test(
  '200,000 networks on one service: every rule runs, each reports at most 1,000 findings and says how many more',
  { timeout: 120_000 },
  () => {
    const { files } = worstCase('many-networks', 200_000);
    const file = '/p/compose.yaml';
    const text = files['compose.yaml'] ?? '';
    const project = loadProject({
      files: [file],
      reader: { read: (p) => (p === file ? text : undefined) },
      env: {},
    });
    const found = analyze(project, null); // under node --test a rule that throws fails the test
    const net010 = found.filter((f) => f.code === 'NET010');
    assert.equal(net010.length, MAX_FINDINGS_PER_RULE);
    const limit = found.filter((f) => f.code === 'LIMIT');
    assert.deepEqual(
      limit.map((f) => f.message),
      ['NET010 found 198,999 more problems after the first 1,000; they are not reported one by one'],
    );
    // NET056 still sees every attachment: n0 is internal but the others are not, so it stays quiet.
    assert.equal(found.filter((f) => f.code === 'NET056').length, 0);
  },
);
