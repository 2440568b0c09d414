// docs/rules/<ID>.md, its index and the JSON `switchyard explain` and SARIF read are generated from each
// rule's own metadata (scripts/rule-docs.ts). This fails when one is missing, stale or left over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRuleDocs } from '../../../../scripts/rule-docs';
import { knownCodes } from '../../../../server/src/findings/catalog';

const ROOT = join(__dirname, '..', '..', '..', '..');
const generated = generateRuleDocs();

test('every rule and loader code has a page, and every page is what the generator makes now', () => {
  for (const id of knownCodes().keys()) assert.ok(generated.has(`docs/rules/${id}.md`), `no page for ${id}`);
  const stale: string[] = [];
  for (const [path, content] of generated) {
    const abs = join(ROOT, path);
    if (!existsSync(abs) || readFileSync(abs, 'utf8') !== content) stale.push(path);
  }
  assert.deepEqual(stale, [], `stale or missing; run: node --import tsx scripts/rule-docs.ts`);
});

test('no page is left over for a rule that no longer exists', () => {
  const pages = readdirSync(join(ROOT, 'docs', 'rules')).map((n) => `docs/rules/${n}`);
  assert.deepEqual(
    pages.filter((p) => !generated.has(p)),
    [],
  );
});

test('a page says what the rule checks, shows the fixture, what Switchyard says, and the right file', () => {
  const page = generated.get('docs/rules/NET101.md') ?? '';
  assert.match(page, /^# NET101: Port mapping read as a base-60 number\n/);
  assert.match(page, /\*\*Default severity:\*\* warning/);
  assert.match(
    page,
    /## What it checks\n\nAn unquoted `HOST:CONTAINER` item that YAML 1\.1 reads as a base-60 number/,
  );
  assert.match(page, /## Wrong\n[\s\S]*```yaml\n[\s\S]*\n {6}- 22:22\n/);
  assert.doesNotMatch(page, /\^\^\^/, 'marker lines are not part of the example');
  assert.match(page, /- `compose\.yaml:5` warning: port mapping 22:22 is not quoted/);
  // The quick fix alone leaves the fixture's other errors, so the right example is written beside it.
  assert.match(
    page,
    /## Right\n\nChanged as the message says \(or run the quick fix: “Quote the port mapping”\) \(`test\/fixtures\/rules\/NET101-unquoted-port\.right\.yaml`\):\n\n```yaml\n[\s\S]*\n {6}- "22:22"\n/,
  );
  const fixedByQuickFix = generated.get('docs/rules/NET134.md') ?? '';
  assert.match(
    fixedByQuickFix,
    /## Right\n\nAfter the quick fix:\n\n```yaml\n[\s\S]*\n {6}- "myhostv6=::1"\n/,
  );
  assert.match(page, /`switchyard lint --rule NET101=off`/);
  const k8s = generated.get('docs/rules/K8S001.md') ?? '';
  assert.match(k8s, /provided port is not in the valid range\. The range of valid ports is 30000-32767/);
  assert.doesNotMatch(k8s, /K8S001 error\n/, 'Kubernetes marker lines are removed too');
});
