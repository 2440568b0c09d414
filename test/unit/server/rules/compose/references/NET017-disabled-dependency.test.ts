import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkFixture, fixture, messagesOf } from '../harness';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { analyze } from '../../../../../../server/src/analyze';

test('NET017 marks required dependencies on a service the profiles disable', () => {
  checkFixture(fixture('NET017-disabled.yaml'), { codes: ['NET017'], profiles: [] });
});

test('NET017 is quiet when the profile is active, and quotes compose-go when it is not', () => {
  const f = fixture('NET017-disabled.yaml');
  const codes = (profiles: string[]): string[] => {
    const p = loadProject({ files: [f], reader: { read: (x) => readFileSync(x, 'utf8') }, profiles });
    return analyze(p, null)
      .filter((x) => x.code === 'NET017')
      .map((x) => x.message);
  };
  assert.deepEqual(codes(['debug']), []);
  assert.deepEqual(messagesOf(f, 'NET017'), []);
  assert.equal(
    codes([])[0],
    'service "web" depends on undefined service "db": invalid compose project ("db" is required by "web" ' +
      'but is disabled. Can be enabled by profiles [debug])',
  );
});

test('NET017 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET017'] });
});
