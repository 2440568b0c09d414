/**
 * Caret-marked Kubernetes fixtures, read like the compose ones (../harness.ts): a comment line of carets
 * marks what a finding must cover on the nearest line above that is not a marker. A fixture is a file or
 * a folder (loaded as `switchyard lint -R DIR`); a folder with a kustomization is built.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Finding } from '@switchyard/core';
import type { Span } from '../../../../../server/src/yaml/tree';
import { ManifestFiles } from '../../../../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../../../../server/src/kubernetes/loader';
import type { K8sProject } from '../../../../../server/src/kubernetes/project';
import { analyzeKubernetes } from '../../../../../server/src/analyze-kubernetes';
import { readMarkers as readComposeMarkers } from '../compose/harness';
import type { Expected } from '../compose/harness';

const MARKER =
  /^(\s*#\s*)(\^+)\s+(K8S\d{3}|YAML|KUSTOMIZE|HELM|LIMIT)(?:\s+(error|warning|information|hint))?\s*$/;

/** The compose harness's marker reading, with the K8S codes. */
export const readMarkers = (file: string, text: string): Expected[] => readComposeMarkers(file, text, MARKER);

export const fixture = (...parts: string[]): string =>
  join(__dirname, '..', '..', '..', '..', 'fixtures', 'rules', 'kubernetes', ...parts);

export const diskFs = {
  read: (p: string): string | undefined => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  list: (p: string): string[] | undefined => {
    try {
      return statSync(p).isDirectory() ? readdirSync(p) : undefined;
    } catch {
      return undefined;
    }
  },
};

export function load(
  path: string,
  options: { clusterConfig?: string; kustomize?: boolean } = {},
): K8sProject {
  return loadKubernetesProject({
    paths: options.kustomize ? [] : [path],
    ...(options.kustomize ? { kustomize: [path] } : {}),
    recursive: true,
    files: new ManifestFiles(diskFs),
    ...(options.clusterConfig ? { clusterConfig: options.clusterConfig } : {}),
  });
}

export function findingsOf(
  path: string,
  options: { clusterConfig?: string; kustomize?: boolean } = {},
): { project: K8sProject; findings: Finding<Span>[] } {
  const project = load(path, options);
  return { project, findings: analyzeKubernetes(project) };
}

function lineCol(starts: number[], offset: number): { line: number; col: number } {
  let line = 0;
  while (line + 1 < starts.length && (starts[line + 1] ?? 0) <= offset) line++;
  return { line, col: offset - (starts[line] ?? 0) };
}

/** Asserts the findings with the marked codes (plus `codes`) are exactly the marked ones, with their severities. */
export function checkK8sFixture(
  path: string,
  codes: string[],
  options: { clusterConfig?: string } = {},
): Finding<Span>[] {
  const { project, findings } = findingsOf(path, options);
  const root = statSync(path).isDirectory() ? path : join(path, '..');
  const expected = [...project.sources.values()].flatMap((s) => readMarkers(s.path, s.text));
  const want = new Set([...codes, ...expected.map((e) => e.code)]);
  const mine = findings.filter((f) => want.has(f.code));
  const key = (file: string, line: number, a: number, b: number, code: string): string =>
    `${relative(root, file) || basename(file)}:${line + 1}:${a}-${b} ${code}`;
  const actual = mine.map((f) => {
    const src = project.sources.get(f.at.file);
    const a = lineCol(src?.lineStarts ?? [0], f.at.start);
    const b = lineCol(src?.lineStarts ?? [0], f.at.end);
    return { key: key(f.at.file, a.line, a.col, b.col, f.code), severity: f.severity, message: f.message };
  });
  assert.deepEqual(
    actual.map((a) => a.key).sort(),
    expected.map((e) => key(e.file, e.line, e.start, e.end, e.code)).sort(),
    `findings differ\n${actual.map((a) => `  ${a.key} ${a.severity}: ${a.message}`).join('\n')}`,
  );
  for (const e of expected) {
    if (!e.severity) continue;
    const hit = actual.find((a) => a.key === key(e.file, e.line, e.start, e.end, e.code));
    assert.equal(hit?.severity, e.severity, `severity of ${e.code} at line ${e.line + 1}`);
  }
  return mine;
}

export const messages = (findings: Finding<Span>[], code: string): string[] =>
  findings.filter((f) => f.code === code).map((f) => f.message);

/** The findings with `code` for manifests given as text (one file), with the text each finding covers. */
export function findingsInText(
  yaml: string,
  code: string,
): { message: string; severity: string; text: string }[] {
  return analyzeText(yaml, code).map((f) => ({
    message: f.message,
    severity: f.severity,
    text: yaml.slice(f.at.start, f.at.end),
  }));
}

/** Each finding with `code` for manifests given as text: the text it covers, then each related place's. */
export function relatedInText(yaml: string, code: string): string[][] {
  return analyzeText(yaml, code).map((f) => [
    yaml.slice(f.at.start, f.at.end),
    ...(f.related ?? []).map((r) => `${yaml.slice(r.at.start, r.at.end)}: ${r.message}`),
  ]);
}

/** Each finding with `code` for manifests given as text: the text it covers, then its fix's title and text. */
export function fixesInText(yaml: string, code: string): (string | undefined)[][] {
  return analyzeText(yaml, code).map((f) => [
    yaml.slice(f.at.start, f.at.end),
    f.fix?.title,
    f.fix && 'text' in f.fix ? f.fix.text : undefined,
  ]);
}

function analyzeText(yaml: string, code: string): Finding<Span>[] {
  const file = '/inline/manifests.yaml';
  const project = loadKubernetesProject({
    paths: [file],
    recursive: false,
    files: new ManifestFiles({ read: (p) => (p === file ? yaml : undefined), list: () => undefined }),
  });
  return analyzeKubernetes(project).filter((f) => f.code === code);
}
