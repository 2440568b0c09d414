// One finding per root cause, on cases written as Docker's documentation and compose-go's loader tests write
// them (test/fixtures/peer-cases): no NET101 on mappings YAML 1.1 reads as strings, no port knock-ons after an
// interpolation error, nothing Docker would only say on creating a network that Compose never creates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli } from './run';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');

test('peer cases: exactly the findings of their root causes', async () => {
  const r = await cli(['lint', '--format', 'json', 'peer-cases/compose.yaml'], FIXTURES);
  const found = (JSON.parse(r.stdout) as { code: string; range: { start: { line: number } } }[]).map(
    (p) => `${p.range.start.line + 1} ${p.code}`,
  );
  assert.deepEqual(found, [
    '13 NET101', // 49100:22 is the base-60 number 2946022 to a YAML 1.1 reader
    '22 NET101', // 2222:22
    '23 NET101', // 1:30
    '23 NET115',
    '27 NET154', // ${API_PORT:?…}: and nothing else about that port
    '28 NET154', // ${ADMIN_PORT?}
    '29 NET028',
    '34 NET037',
    '36 NET026', // the unused overlay: no NET032, NET045 or NET046 for it
  ]);
});
