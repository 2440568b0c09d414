import { NodeMemo } from '@switchyard/core';
import type { Rule } from '../../rule';
import type { ComposeProject } from '../../../compose/project';
import { get, isMap, isSeq } from '../../../yaml/tree';
import type { PNode, Span } from '../../../yaml/tree';
import { fileRoots } from '../files';
import { isNonStringKey } from './schema';

/**
 * A mapping key that YAML reads as a number, boolean or null (`123: x`) inside network definitions or a
 * service's networks: compose-go refuses it before anything else (`convertToStringKeysRecursive`).
 */
export const NET009: Rule = {
  id: 'NET009',
  title: 'Non-string key',
  // Keys under each service's `networks`, in every file; the networks section is in the context.
  reads: ['networks'],
  run({ project, report }) {
    const found = (path: string, key: string, at: Span): void =>
      report({
        code: 'NET009',
        severity: 'error',
        message: `non-string key in ${path}: ${key}; quote it ("${key}") if it is meant as a name`,
        at,
      });
    for (const { root } of fileRoots(project)) {
      walkNetworks(project, get(root, 'networks'), found);
      const services = get(root, 'services');
      if (!isMap(services)) continue;
      for (const s of services.entries) {
        const nets = get(s.value, 'networks');
        if (!isMap(nets) && !isSeq(nets)) continue;
        if (cleanUnder.get(nets) === s.key) continue;
        let any = false;
        walk(
          project,
          nets,
          ['services.', s.key, '.networks'],
          (path, key, at) => {
            any = true;
            found(path, key, at);
          },
          new Set(),
        );
        if (!any) cleanUnder.set(nets, s.key);
      }
    }
  },
};

/**
 * A service's `networks` node found to hold no non-string key, with the service it was found under. The
 * verdict depends only on the node's own text (keys are read from the source at their spans), and the
 * editor's parse cache hands back the same node while that text is unchanged; nothing is cached for a node
 * that has findings, so no stale span is ever reported.
 */
const cleanUnder = new NodeMemo<PNode, string>();

/**
 * The top-level `networks`: the keys of the section, then each definition, skipped while it is the same
 * object found clean before (as for the services' `networks` above).
 */
function walkNetworks(
  project: ComposeProject,
  section: PNode | null | undefined,
  found: (path: string, key: string, at: Span) => void,
): void {
  if (!isMap(section)) {
    walk(project, section, ['networks'], found, new Set());
    return;
  }
  const seen = new Set<unknown>([section.entries]);
  for (const e of section.entries) {
    if (isNonStringKey(project, e.keySpan)) found('networks', e.key, e.keySpan);
    const v = e.value;
    if ((!isMap(v) && !isSeq(v)) || cleanUnder.get(v) === e.key) continue;
    let any = false;
    const note = (path: string, key: string, at: Span): void => {
      any = true;
      found(path, key, at);
    };
    walk(project, v, ['networks', '.', e.key], note, seen);
    if (!any) cleanUnder.set(v, e.key);
  }
}

/**
 * `path` is a stack of pieces, joined only for a finding: the walk visits every key of every network on
 * each keystroke and nearly never finds one. A subtree shared by aliases (it keeps its `entries` / `items`
 * array) is walked once: its keys are written once, so they are reported once, and walking every share
 * would take exponential time on nested aliases.
 */
function walk(
  project: ComposeProject,
  node: PNode | null | undefined,
  path: string[],
  found: (path: string, key: string, at: Span) => void,
  seen: Set<unknown>,
): void {
  if (!isMap(node) && !isSeq(node)) return;
  const list = isMap(node) ? node.entries : node.items;
  if (seen.has(list)) return;
  seen.add(list);
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      path.push(`[${i}]`);
      walk(project, node.items[i], path, found, seen);
      path.pop();
    }
  }
  if (!isMap(node)) return;
  for (const e of node.entries) {
    if (isNonStringKey(project, e.keySpan)) found(path.join(''), e.key, e.keySpan);
    if (!isMap(e.value) && !isSeq(e.value)) continue;
    path.push('.', e.key);
    walk(project, e.value, path, found, seen);
    path.length -= 2;
  }
}
