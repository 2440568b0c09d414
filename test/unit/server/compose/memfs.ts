/** An in-memory file tree for loader tests: paths are absolute, texts are dedented. */
import { loadProject } from '../../../../server/src/compose/loader';
import type { LoadOptions } from '../../../../server/src/compose/loader';
import type { ComposeProject } from '../../../../server/src/compose/project';
import type { Span } from '../../../../server/src/yaml/tree';

export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
  );
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function memfs(files: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(files).map(([p, t]) => [p, dedent(t)]));
}

export function load(
  files: Record<string, string>,
  main: string[],
  options: Partial<Omit<LoadOptions, 'reader'>> = {},
): ComposeProject {
  const fs = memfs(files);
  return loadProject({ files: main, reader: { read: (p) => fs.get(p) }, env: {}, ...options });
}

/** The text a span covers, and the 0-based line it starts on. */
export function textAt(project: ComposeProject, span: Span): { file: string; text: string; line: number } {
  const src = project.sources.get(span.file)?.text ?? '';
  return {
    file: span.file,
    text: src.slice(span.start, span.end),
    line: src.slice(0, span.start).split('\n').length - 1,
  };
}

export function codes(project: ComposeProject): string[] {
  return project.findings.map((f) => f.code);
}

/** The value, or a test failure naming what was missing. */
export function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`expected a ${what}`);
  return value;
}

/**
 * YAML lines `x-0` … `x-<depth>`, each level a list referring to the one before twice (`x-0` is `leaf`):
 * a walk that visits every path takes 2^depth steps, one that walks each shared list once takes `depth`.
 */
export function nestedAliases(depth: number, leaf: string): string[] {
  const lines = [`x-0: &a0 ${leaf}`];
  for (let i = 1; i <= depth; i++) lines.push(`x-${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
  return lines;
}
