import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '@switchyard/core';
import type { Span } from '../../../../server/src/yaml/tree';
import { ManifestFiles } from '../../../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../../../server/src/kubernetes/loader';
import type { K8sProject } from '../../../../server/src/kubernetes/project';
import { analyzeKubernetes } from '../../../../server/src/analyze-kubernetes';
import { diskFs } from '../rules/kubernetes/harness';

/**
 * A kustomize unit across edits (the editor keeps one ManifestFiles): while no file it read changed, the
 * build is reused (same trees, so the per-tree caches hold); an edit of a base file or of the overlay's
 * kustomization builds it again, and the findings are a fresh load's.
 */
const ROOT = join(__dirname, '..', '..', '..', 'fixtures', 'kubernetes', 'kustomize');
const DEV = join(ROOT, 'overlays', 'dev');
const APP = join(ROOT, 'base', 'app.yaml');
const KUSTOMIZATION = join(DEV, 'kustomization.yaml');

function editor(): { files: ManifestFiles; edits: Map<string, string> } {
  const edits = new Map<string, string>();
  const fs = { read: (p: string) => edits.get(p) ?? diskFs.read(p), list: diskFs.list };
  return { files: new ManifestFiles(fs), edits };
}

const load = (files: ManifestFiles): K8sProject =>
  loadKubernetesProject({ paths: [], kustomize: [DEV], recursive: true, files });

/** Findings as data (spans by value). */
const flat = (fs: Finding<Span>[]): unknown =>
  fs.map((f) => ({ ...f, at: { ...f.at }, related: f.related?.map((r) => ({ ...r, at: { ...r.at } })) }));

function fresh(edits: Map<string, string>): Finding<Span>[] {
  const fs = { read: (p: string) => edits.get(p) ?? diskFs.read(p), list: diskFs.list };
  return analyzeKubernetes(load(new ManifestFiles(fs)));
}

test('an unchanged kustomize unit keeps its built trees; an edited base or overlay is built again', () => {
  const { files, edits } = editor();
  const first = load(files);
  analyzeKubernetes(first);
  const again = load(files);
  assert.ok(again.objects.length > 0);
  assert.ok(
    again.objects.every((o, i) => o.node === first.objects[i]?.node),
    'nothing changed: the same trees',
  );

  // A base file changes: the container port is no longer named http (K8S062 on the Service).
  edits.set(APP, readFileSync(APP, 'utf8').replace('- name: http', '- name: web'));
  const edited = load(files);
  assert.ok(edited.objects.some((o, i) => o.node !== first.objects[i]?.node));
  const afterBase = analyzeKubernetes(edited);
  assert.ok(afterBase.some((f) => f.code === 'K8S062'));
  assert.deepEqual(flat(afterBase), flat(fresh(edits)));

  // The overlay changes its namespace: every object moves, and the findings follow.
  edits.set(KUSTOMIZATION, readFileSync(KUSTOMIZATION, 'utf8').replace('namespace: dev', 'namespace: qa'));
  const moved = load(files);
  assert.ok(moved.objects.every((o) => o.namespace === 'qa' || o.namespace === undefined));
  assert.deepEqual(flat(analyzeKubernetes(moved)), flat(fresh(edits)));
});
