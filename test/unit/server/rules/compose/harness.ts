/**
 * Caret-marked fixtures. A marker line is a YAML comment whose carets sit under the text a finding must
 * cover, on the nearest line above that is not itself a marker:
 *
 *     networks: [front]
 *   #            ^^^^^ NET010 error
 *
 * The severity is optional. A fixture with no marker for a rule asserts that the rule reports nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadProject } from '../../../../../server/src/compose/loader';
import { analyze } from '../../../../../server/src/analyze';
import { allRules } from '../../../../../server/src/rules/registry';
import { positionAt } from '../../../../../server/src/yaml/positions';
import type { HostSnapshot } from '@switchyard/protocol';

const MARKER = /^(\s*#\s*)(\^+)\s+([A-Z]+[0-9]*)(?:\s+(error|warning|information|hint))?\s*$/;

export interface Expected {
  file: string;
  line: number;
  start: number;
  end: number;
  code: string;
  severity?: string;
}

/** Marker lines: carets under the text a finding covers, on the nearest line above that is not a marker. */
export function readMarkers(file: string, text: string, marker: RegExp = MARKER): Expected[] {
  const lines = text.split('\n');
  const out: Expected[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = marker.exec(line);
    if (!m) {
      target = i;
      return;
    }
    const start = (m[1] ?? '').length;
    out.push({
      file,
      line: target,
      start,
      end: start + (m[2] ?? '').length,
      code: m[3] ?? '',
      ...(m[4] ? { severity: m[4] } : {}),
    });
  });
  return out;
}

/** Line and column of an offset: the server's own conversion (yaml/positions.ts, tested on its own). */
function lineCol(starts: number[], offset: number): { line: number; col: number } {
  const p = positionAt(starts, offset);
  return { line: p.line, col: p.character };
}

export interface FixtureOptions {
  /** Only findings with these codes are compared (default: the codes named by markers plus `codes`). */
  codes: string[];
  host?: HostSnapshot | null;
  profiles?: string[];
  env?: Record<string, string>;
}

/**
 * Loads `paths` (files, or one directory whose `*.yaml`/`*.yml` files are taken in name order) as one project,
 * runs every rule, and asserts that the findings with `codes` are exactly the marked ones.
 */
export function checkFixture(paths: string | string[], options: FixtureOptions): void {
  const files = expandFiles(Array.isArray(paths) ? paths : [paths]);
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const expected = files.flatMap((f) => readMarkers(f, texts.get(f) ?? ''));
  const codes = new Set([...options.codes, ...expected.map((e) => e.code)]);
  const project = loadProject({
    files,
    reader: { read: (p) => texts.get(p) ?? safeRead(p) },
    env: options.env ?? {},
    ...(options.profiles ? { profiles: options.profiles } : {}),
  });
  const findings = analyze(project, options.host ?? null, allRules).filter((f) => codes.has(f.code));
  const actual = findings.map((f) => {
    const src = project.sources.get(f.at.file);
    const a = lineCol(src?.lineStarts ?? [0], f.at.start);
    const b = lineCol(src?.lineStarts ?? [0], f.at.end);
    return {
      key: `${basename(f.at.file)}:${a.line}:${a.col}-${b.col} ${f.code}`,
      severity: f.severity,
      message: f.message,
    };
  });
  const want = expected.map((e) => `${basename(e.file)}:${e.line}:${e.start}-${e.end} ${e.code}`);
  assert.deepEqual(
    actual.map((a) => a.key).sort(),
    want.sort(),
    `findings differ\n${actual.map((a) => `  ${a.key} ${a.severity}: ${a.message}`).join('\n')}`,
  );
  for (const e of expected) {
    if (!e.severity) continue;
    const hit = actual.find((a) => a.key === `${basename(e.file)}:${e.line}:${e.start}-${e.end} ${e.code}`);
    assert.equal(hit?.severity, e.severity, `severity of ${e.code} at line ${e.line + 1}`);
  }
}

/** Messages of the findings with `code` for a fixture, for tests that check Docker's wording. */
export function messagesOf(
  paths: string | string[],
  code: string,
  options: Partial<FixtureOptions> = {},
): string[] {
  const files = expandFiles(Array.isArray(paths) ? paths : [paths]);
  const project = loadProject({ files, reader: { read: safeRead }, env: options.env ?? {} });
  return analyze(project, options.host ?? null, allRules)
    .filter((f) => f.code === code)
    .map((f) => f.message);
}

function expandFiles(paths: string[]): string[] {
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((n) => /\.ya?ml$/.test(n))
          .sort(composeOrder)
          .map((n) => join(p, n))
      : [p],
  );
}

/** Base files before their override files, as `docker compose` reads them; otherwise by name. */
function composeOrder(a: string, b: string): number {
  const override = (n: string) => (/\.override\.ya?ml$/.test(n) ? 1 : 0);
  return override(a) - override(b) || a.localeCompare(b);
}

function safeRead(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

export const fixture = (...parts: string[]): string =>
  join(__dirname, '..', '..', '..', '..', 'fixtures', 'rules', ...parts);

/** The findings with `code` for one compose file given as text, with the text each finding covers. */
export function findingsInText(
  yaml: string,
  code: string,
  options: { host?: HostSnapshot | null } = {},
): { message: string; severity: string; text: string; fix?: string }[] {
  const file = '/inline/compose.yaml';
  const project = loadProject({
    files: [file],
    reader: { read: (p) => (p === file ? yaml : undefined) },
    env: {},
  });
  return analyze(project, options.host ?? null, allRules)
    .filter((f) => f.code === code)
    .map((f) => ({
      message: f.message,
      severity: f.severity,
      text: yaml.slice(f.at.start, f.at.end),
      ...(f.fix ? { fix: f.fix.title } : {}),
    }));
}
