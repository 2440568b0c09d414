import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Finding } from '@switchyard/core';
import type { Span } from '../../../../server/src/yaml/tree';
import { ManifestFiles } from '../../../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../../../server/src/kubernetes/loader';
import { analyzeKubernetes } from '../../../../server/src/analyze-kubernetes';
import { kubernetesRules } from '../../../../server/src/rules/kubernetes/registry';
import { generateK8sProject } from '../../../../bench/k8s/generate';
import { applyEdit, editArb } from './mutate';

/**
 * Manifests as they are typed: random edits of the Kubernetes fixtures and of a generated project. The
 * loader and every K8S rule must never throw and must stay fast on any of them, and the editor's
 * incremental path (a ManifestFiles kept across edits: unchanged documents keep their trees, per-object
 * findings are reused) must report exactly what a fresh load reports.
 */
const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'rules', 'kubernetes');

function seeds(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(n)) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(FIXTURES);
  const generated = generateK8sProject({ objects: 60, namespaces: 2, files: 2 });
  return [...out, ...generated.files.values()];
}

const DIR = '/k8s-project';
const FILE = `${DIR}/manifests.yaml`;
const OTHER = `${DIR}/other.yaml`;
const OTHER_TEXT =
  'apiVersion: v1\nkind: Service\nmetadata: {name: app-0, namespace: ns-0}\nspec:\n  type: NodePort\n  selector: {app: app-0}\n  ports:\n    - {name: http, port: 80, nodePort: 30001}\n';

function analyzeWith(files: ManifestFiles, rules = kubernetesRules): Finding<Span>[] {
  return analyzeKubernetes(loadKubernetesProject({ paths: [DIR], recursive: true, files }), rules);
}

/** A fresh analysis with a rule list of its own, so it neither uses nor replaces what the editor's path kept. */
const freshly = (files: ManifestFiles): Finding<Span>[] => analyzeWith(files, [...kubernetesRules]);

function fsFor(text: string): {
  read: (p: string) => string | undefined;
  list: (p: string) => string[] | undefined;
} {
  return {
    read: (p) => (p === FILE ? text : p === OTHER ? OTHER_TEXT : undefined),
    list: (p) => (p === DIR ? ['manifests.yaml', 'other.yaml'] : undefined),
  };
}

/** Findings as data (spans by value), so trees moved in place compare equal to fresh ones. */
const flat = (fs: Finding<Span>[]): unknown =>
  fs.map((f) => ({ ...f, at: { ...f.at }, related: f.related?.map((r) => ({ ...r, at: { ...r.at } })) }));

test('edited manifests never make the loader or a K8S rule throw, and stay fast', () => {
  const all = seeds();
  fc.assert(
    fc.property(fc.constantFrom(...all), fc.array(editArb, { minLength: 1, maxLength: 8 }), (seed, edits) => {
      let text = seed;
      for (const e of edits) {
        text = applyEdit(text, e);
        const t0 = performance.now();
        analyzeWith(new ManifestFiles(fsFor(text)));
        // A generous bound: a hang or a quadratic blow-up, not a timing assertion on a loaded machine.
        assert.ok(performance.now() - t0 < 5000, 'one analysis took over 5 s');
      }
    }),
    { numRuns: 300 },
  );
});

test('incremental analysis of manifests equals a fresh one after every edit', () => {
  const all = seeds();
  fc.assert(
    fc.property(fc.constantFrom(...all), fc.array(editArb, { minLength: 1, maxLength: 8 }), (seed, edits) => {
      let text = seed;
      let current = text;
      const kept = new ManifestFiles({
        read: (p) => fsFor(current).read(p),
        list: (p) => fsFor(current).list(p),
      });
      assert.deepStrictEqual(flat(analyzeWith(kept)), flat(freshly(new ManifestFiles(fsFor(text)))));
      for (const e of edits) {
        text = applyEdit(text, e);
        current = text;
        const incremental = flat(analyzeWith(kept));
        const fresh = flat(freshly(new ManifestFiles(fsFor(text))));
        assert.deepStrictEqual(incremental, fresh, `findings differ for:\n${JSON.stringify(text)}`);
      }
    }),
    { numRuns: 300 },
  );
});

test('hostile input is bounded: deep nesting, alias bombs and many documents', () => {
  const deep = `apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  const bomb = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: bomb}',
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ...Array.from(
      { length: 12 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
    ),
  ].join('\n');
  const many = Array.from(
    { length: 6000 },
    (_, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\nspec: {ports: [{port: 80}]}\n`,
  ).join('---\n');
  for (const text of [deep, bomb, many]) {
    const t0 = performance.now();
    const findings = analyzeWith(new ManifestFiles(fsFor(text)));
    assert.ok(performance.now() - t0 < 10_000, 'bounded');
    if (text === many)
      assert.ok(findings.some((f) => f.code === 'LIMIT' && /first 5000 documents/.test(f.message)));
  }
});
