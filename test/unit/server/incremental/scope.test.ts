import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Finding } from '@switchyard/core';
import { loadProject } from '../../../../server/src/compose/loader';
import type { ComposeProject, ServiceModel } from '../../../../server/src/compose/project';
import { entry, withPlainSpans } from '../../../../server/src/yaml/tree';
import type { Span } from '../../../../server/src/yaml/tree';
import { networksView } from '../../../../server/src/incremental/networks';
import { serviceView, ServiceIndex } from '../../../../server/src/incremental/view';
import { usedNetworkKeys } from '../../../../server/src/rules/compose/created';
import { allRules } from '../../../../server/src/rules/registry';
import { ownBodies } from '../../../../server/src/rules/compose/files';
import type { Rule } from '../../../../server/src/rules/rule';
import { generateProject } from '../../../../bench/lsp/generate';
import { mutatedDocument, seeds } from '../property/mutate';
import { hostSnapshot } from './host';

/**
 * A rule of scope `service` promises that what it reports about a service depends on that service alone
 * (and the project around it), and that it reports only inside the service's own text. `analyze` relies on
 * it: it runs such a rule once per service on a view holding that service only, and keeps the findings until
 * the service changes. Here, on every seed, the benchmark project and random mutations of the seeds, each
 * such rule's findings on the whole project must equal the union of its findings on the views.
 */
const FILE = '/project/compose.yaml';
const scoped = allRules.filter((r) => r.scope === 'service');

function load(text: string): ComposeProject {
  return loadProject({
    files: [FILE],
    reader: { read: (p) => (p === FILE ? text : undefined) },
    env: { PORT: '8080', NET: 'front' },
  });
}

function run(rule: Rule, project: ComposeProject): Finding<Span>[] {
  const out: Finding<Span>[] = [];
  rule.run({ project, host: null, report: (f) => out.push(f) });
  return out;
}

/** A finding as text; its places as their three fields (a rule reports parsed nodes, which are their own spans). */
function key(f: Finding<Span>): string {
  return JSON.stringify(withPlainSpans(f));
}

function inOwnText(project: ComposeProject, f: Finding<Span>, svc: ServiceModel): boolean {
  const at = f.at;
  const inside = (s: Span) => s.file === at.file && s.start <= at.start && at.end <= s.end;
  return svc.keySpans.some(inside) || ownBodies(project, svc).some((b) => inside(b.span));
}

function extending(project: ComposeProject, svc: ServiceModel): boolean {
  return ownBodies(project, svc).some((b) => entry(b, 'extends') !== undefined);
}

/**
 * What analyze relies on (incremental/per-service.ts): the rule's findings on the whole project are the
 * union of its findings on each service's view; and each service that does not `extends` another gets the
 * same findings, in the same order, from its view as from the whole project's run without the extending
 * services, there inside its own text (its key or its bodies), which is how a first analysis splits them.
 * (A finding outside the service's own text cannot follow the text when it moves: analyze then checks that
 * service again on every analysis.)
 */
function agrees(text: string): void {
  const project = load(text);
  const index = new ServiceIndex();
  const base = { ...project, services: project.services.filter((svc) => !extending(project, svc)) };
  for (const rule of scoped) {
    const whole = run(rule, project).map(key).sort();
    const views = project.services.map((svc) => run(rule, serviceView(project, svc, index)));
    assert.deepEqual(
      views.flat().map(key).sort(),
      whole,
      `${rule.id}: the views differ from the whole project\n${text}`,
    );
    const split = run(rule, base);
    // A finding in no service's own text (a key written twice keeps only the last body) makes analyze
    // check every service of that rule on its view instead.
    if (!split.every((f) => project.services.some((svc) => inOwnText(project, f, svc)))) continue;
    project.services.forEach((svc, i) => {
      if (extending(project, svc)) return;
      const view = views[i] ?? [];
      const mine = split.filter((f) => inOwnText(project, f, svc));
      assert.deepEqual(
        view.map(key),
        mine.map(key),
        `${rule.id} on ${svc.name}: view and whole project differ\n${text}`,
      );
    });
  }
}

test('rules of scope service find per service exactly what they find on the whole project', () => {
  assert.ok(scoped.length >= 40, `only ${scoped.length} rules declare scope service`);
  for (const text of seeds()) agrees(text);
  const { text } = generateProject({ services: 30, networks: 6 });
  agrees(text.replace(/"(\d+):80"/, '"18080:80"').replace(/- "(\d+):80"/, '- "18080:80"'));
});

test('rules of scope service agree per service on mutated documents', () => {
  fc.assert(fc.property(mutatedDocument(seeds()), agrees), { numRuns: 400 });
});

/** A host the seeds collide with, so the host rules of scope `networks` find something. */
const host = hostSnapshot(1);

const onNetworks = allRules.filter((r) => r.scope === 'networks');

/** A rule of scope `networks` finds on the view without services what it finds on the whole project. */
function networksAgree(text: string): void {
  const project = load(text);
  const view = networksView(project, usedNetworkKeys(project));
  for (const h of [null, host]) {
    for (const rule of onNetworks) {
      const whole: string[] = [];
      rule.run({ project, host: h, report: (f) => whole.push(key(f)) });
      const seen: string[] = [];
      rule.run({ project: view, host: h, report: (f) => seen.push(key(f)) });
      assert.deepEqual(
        seen,
        whole,
        `${rule.id}${h ? ' with a host' : ''}: the view without services differs\n${text}`,
      );
    }
  }
}

test('rules of scope networks find without the services what they find on the whole project', () => {
  assert.ok(onNetworks.length >= 30, `only ${onNetworks.length} rules declare scope networks`);
  for (const text of seeds()) networksAgree(text);
  fc.assert(fc.property(mutatedDocument(seeds()), networksAgree), { numRuns: 400 });
});
