import { dirname, join } from 'node:path';
import type { Finding } from '@switchyard/core';
import { parseYaml } from '../yaml/parse';
import { isMap, isScalar } from '../yaml/tree';
import type { PNode, Span } from '../yaml/tree';
import { configProblem } from './ignore-comments';
import { LEVEL_WORDS, parseLevel, unknownRule } from './levels';
import type { RuleSetting } from './levels';

/** The project file's names, looked for in this order in each folder. */
export const PROJECT_FILE_NAMES = ['.switchyard.yaml', '.switchyard.yml'];

/** How far up from the compose file's folder the project file is looked for. */
const MAX_LEVELS = 32;

export interface ProjectFile {
  path: string;
  text: string;
  lineStarts: number[];
  settings: RuleSetting[];
  problems: Finding<Span>[];
}

/**
 * Finds the project file for a project: `.switchyard.yaml` in the folder of its first file, else in the
 * nearest parent folder that has one (as `.editorconfig`). Read with the caller's reader (the editor's
 * open buffer wins over the disk), so the server and the CLI read the same file the same way.
 */
export function findProjectFile(
  firstFile: string,
  read: (path: string) => string | undefined,
): ProjectFile | undefined {
  let dir = dirname(firstFile);
  for (let i = 0; i < MAX_LEVELS; i++) {
    for (const name of PROJECT_FILE_NAMES) {
      const path = join(dir, name);
      const text = read(path);
      if (text !== undefined) return readProjectFile(path, text);
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/**
 * `.switchyard.yaml`:
 *
 *     rules:
 *       NET101: off          # an id
 *       NET1*: warning       # a glob
 *       K8S*: information
 *
 * Entries are applied in the order written; a later one wins. Problems (not YAML, unknown keys, unknown
 * rules, bad levels) come back as CONFIG findings in the file itself.
 */
export function readProjectFile(path: string, text: string): ProjectFile {
  const parsed = parseYaml(text, path);
  const problems: Finding<Span>[] = parsed.errors.map((e) =>
    configProblem(`${PROJECT_FILE_NAMES[0]} is not valid YAML: ${e.message}`, e.span),
  );
  const settings: RuleSetting[] = [];
  const root = parsed.root;
  if (root !== null && !isMap(root))
    problems.push(configProblem('expected a mapping with a `rules:` key', root.span));
  if (isMap(root)) {
    for (const e of root.entries) {
      if (e.key !== 'rules') {
        problems.push(
          configProblem(`unknown key "${e.key}": ${PROJECT_FILE_NAMES[0]} has only \`rules:\``, e.keySpan),
        );
        continue;
      }
      if (!isMap(e.value)) {
        problems.push(
          configProblem(
            '`rules:` must map rule ids (or globs such as NET1*) to a level',
            e.value?.span ?? e.keySpan,
          ),
        );
        continue;
      }
      for (const r of e.value.entries) {
        const why = unknownRule(r.key);
        if (why !== undefined) problems.push(configProblem(why, r.keySpan));
        const level = levelOf(r.value);
        if (level === undefined) {
          problems.push(
            configProblem(`level of ${r.key} must be one of ${LEVEL_WORDS}`, r.value?.span ?? r.keySpan),
          );
          continue;
        }
        if (why === undefined) settings.push({ rule: r.key, level });
      }
    }
  }
  return { path, text, lineStarts: parsed.lineStarts, settings, problems };
}

function levelOf(n: PNode | null): RuleSetting['level'] | undefined {
  if (!isScalar(n)) return undefined;
  // A YAML 1.1 reader makes `off` a boolean; read it as the word that was written.
  if (n.value === false) return 'off';
  return parseLevel(n.quoted ? n.value : n.source);
}

/** The project's sources and the project file, so findings in `.switchyard.yaml` are placed too. */
export function withProjectFile<S extends { text: string; lineStarts: number[] }>(
  sources: ReadonlyMap<string, S>,
  pf: ProjectFile | undefined,
): Map<string, { text: string; lineStarts: number[] }> {
  const out = new Map<string, { text: string; lineStarts: number[] }>(sources);
  if (pf !== undefined && !out.has(pf.path)) out.set(pf.path, { text: pf.text, lineStarts: pf.lineStarts });
  return out;
}
