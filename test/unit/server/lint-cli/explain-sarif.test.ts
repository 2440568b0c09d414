// `switchyard explain` prints a rule's page; SARIF carries each rule's page, description, default level and
// the quick fixes as SARIF fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratch } from './run';

const ROOT = join(__dirname, '..', '..', '..', '..');

test('switchyard explain NET010 prints docs/rules/NET010.md; without an id it lists the rules', async () => {
  const r = await cli(['explain', 'NET010'], ROOT);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, readFileSync(join(ROOT, 'docs', 'rules', 'NET010.md'), 'utf8'));
  const lower = await cli(['explain', 'k8s001'], ROOT);
  assert.equal(lower.stdout, readFileSync(join(ROOT, 'docs', 'rules', 'K8S001.md'), 'utf8'));
  const list = await cli(['explain'], ROOT);
  assert.match(list.stdout, /^NET010 {4}error {7}Undefined network$/m);
  assert.match(list.stdout, /^K8S001 {4}error {7}nodePort outside the node port range$/m);
  const unknown = await cli(['explain', 'NET999'], ROOT);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown rule "NET999"/);
});

test('sarif: rules carry helpUri, fullDescription and defaultConfiguration; results carry fixes', async () => {
  const t = scratch({
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - 22:22\n',
  });
  try {
    const r = await cli(['lint', '--format', 'sarif', 'compose.yaml'], t.dir);
    const run = (
      JSON.parse(r.stdout) as {
        runs: {
          tool: { driver: { rules: Record<string, unknown>[] } };
          results: { ruleId: string; fixes?: unknown[] }[];
        }[];
      }
    ).runs[0];
    const rule = run?.tool.driver.rules.find((x) => x['id'] === 'NET101');
    assert.deepEqual(
      rule?.['helpUri'],
      'https://github.com/switchyard/switchyard/blob/main/docs/rules/NET101.md',
    );
    assert.deepEqual(rule?.['defaultConfiguration'], { level: 'warning' });
    assert.match(
      (rule?.['fullDescription'] as { text: string }).text,
      /^An unquoted `HOST:CONTAINER` item that YAML 1\.1 reads as a base-60 number/,
    );
    const result = run?.results.find((x) => x.ruleId === 'NET101');
    assert.deepEqual(result?.fixes, [
      {
        description: { text: 'Quote the port mapping' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'compose.yaml' },
            replacements: [
              {
                deletedRegion: { startLine: 5, startColumn: 9, endLine: 5, endColumn: 14 },
                insertedContent: { text: '"22:22"' },
              },
            ],
          },
        ],
      },
    ]);
  } finally {
    t.done();
  }
});
