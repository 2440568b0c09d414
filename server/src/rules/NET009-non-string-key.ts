import type { Rule } from './rule';
import type { ComposeProject } from '../compose/project';
import { get, isMap, isSeq } from '../compose/tree';
import type { PNode, Span } from '../compose/tree';
import { fileRoots } from './references/files';
import { isNonStringKey } from './references/schema';

/**
 * A mapping key that YAML reads as a number, boolean or null (`123: x`) inside network definitions or a
 * service's networks: compose-go refuses it before anything else (`convertToStringKeysRecursive`).
 */
export const NET009: Rule = {
  id: 'NET009',
  title: 'Non-string key',
  run({ project, report }) {
    const found = (path: string, key: string, at: Span): void =>
      report({
        code: 'NET009',
        severity: 'error',
        message: `non-string key in ${path}: ${key}; quote it ("${key}") if it is meant as a name`,
        at,
      });
    for (const { root } of fileRoots(project)) {
      walk(project, get(root, 'networks'), ['networks'], found);
      const services = get(root, 'services');
      if (!isMap(services)) continue;
      for (const s of services.entries) {
        walk(project, get(s.value, 'networks'), ['services.', s.key, '.networks'], found);
      }
    }
  },
};

/**
 * `path` is a stack of pieces, joined only for a finding: the walk visits every key of every network on
 * each keystroke and nearly never finds one.
 */
function walk(
  project: ComposeProject,
  node: PNode | null | undefined,
  path: string[],
  found: (path: string, key: string, at: Span) => void,
): void {
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      path.push(`[${i}]`);
      walk(project, node.items[i], path, found);
      path.pop();
    }
  }
  if (!isMap(node)) return;
  for (const e of node.entries) {
    if (isNonStringKey(project, e.keySpan)) found(path.join(''), e.key, e.keySpan);
    if (!isMap(e.value) && !isSeq(e.value)) continue;
    path.push('.', e.key);
    walk(project, e.value, path, found);
    path.length -= 2;
  }
}
