import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze } from '../../../../server/src/analyze';
import { loadProject } from '../../../../server/src/compose/loader';
import type { ComposeProject } from '../../../../server/src/compose/project';
import { allRules } from '../../../../server/src/rules/registry';
import { generateProject } from '../../../../bench/lsp/generate';

/**
 * `switchyard lint` analyses once and exits (`AnalyzeOptions.oneShot`): nothing is kept for a next
 * keystroke, and the findings are the ones a keeping analysis hands out.
 */
const FILE = '/project/compose.yaml';

function load(text: string) {
  return loadProject({ files: [FILE], reader: { read: (p) => (p === FILE ? text : undefined) }, env: {} });
}

/** Each call a new rule list: a keeping analysis then starts from nothing kept, as a first one does. */
const keeping = (text: string) => analyze(load(text), null, [...allRules]);
const oneShot = (text: string) => analyze(load(text), null, [...allRules], undefined, { oneShot: true });

/** Every service publishes a host port another one publishes too, and uses an undefined network. */
function clashes(services: number): string {
  let text = 'services:\n';
  for (let i = 0; i < services; i++) {
    text += `  s${i}:\n    image: x\n    ports: ["${8000 + (i >> 1)}:80"]\n    networks: [n${i % 3}]\n`;
  }
  return `${text}networks:\n  n0: {}\n`;
}

/** A one-shot analysis finds what a keeping one finds: generated projects, clashes, every rule fixture. */
function assertSameFindings(): void {
  const texts = [
    generateProject({ services: 40, networks: 8 }).text,
    generateProject({ services: 40, networks: 8 }, { anchors: true }).text,
    clashes(10), // under the size from which the service rules run once over the whole project
    clashes(60),
  ];
  const dir = join(__dirname, '..', '..', '..', 'fixtures', 'rules');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    texts.push(readFileSync(join(dir, f), 'utf8'));
  }
  let found = 0;
  for (const text of texts) {
    const kept = keeping(text);
    assert.deepStrictEqual(oneShot(text), kept);
    found += kept.length;
  }
  assert.ok(found > texts.length, `the inputs have findings to compare (${found})`);
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Whether the service body is still reachable after the analysis, once the caller dropped the project. */
async function bodyOutlives(analyse: (project: ComposeProject) => unknown): Promise<boolean> {
  const ref = ((): WeakRef<object> => {
    const project = load(clashes(40));
    const body = project.services[0]?.node;
    assert.ok(body);
    analyse(project);
    return new WeakRef(body);
  })();
  // A WeakRef's target stays alive until the current job ends (a `deref` keeps it for its job too), and what
  // the analysis's last callbacks hold can outlive a few turns: collected within 20 turns of 5 ms, or held
  // for good (the keeping analysis's control holds it through all 20).
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 5));
    gc();
    if (ref.deref() === undefined) return false;
  }
  return true;
}

test('a one-shot analysis finds what a keeping one finds and keeps nothing: the tree goes with the project', async () => {
  assertSameFindings();
  const rules = [...allRules];
  // The control: a keeping analysis pins its findings to the bodies, for the next keystroke.
  assert.equal(
    await bodyOutlives((p) => analyze(p, null, rules)),
    true,
    'a keeping analysis holds the service body (the test would prove nothing otherwise)',
  );
  assert.equal(
    await bodyOutlives((p) => analyze(p, null, [...allRules], undefined, { oneShot: true })),
    false,
    'the one-shot analysis left the service body reachable',
  );
});
