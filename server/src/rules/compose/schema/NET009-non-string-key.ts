import { NodeMemo } from '@switchyard/core';
import type { Rule } from '../../rule';
import { get, isMap, isSeq } from '../../../yaml/tree';
import type { PNode, Span } from '../../../yaml/tree';
import { fileRoots } from '../files';
import { isNonStringKeyIn } from './schema';

type Found = (path: string, key: string, at: Span) => void;

/**
 * A mapping key that YAML reads as a number, boolean or null (`123: x`) inside network definitions or a
 * service's networks: compose-go refuses it before anything else (`convertToStringKeysRecursive`).
 */
export const NET009: Rule = {
  id: 'NET009',
  title: 'Non-string key',
  // Keys under each service's `networks` (as written, at every depth), in every file; the networks section
  // is in the context. A value's edit (an address) does not run it again.
  reads: ['networks%'],
  run({ project, report }) {
    const found: Found = (path, key, at) =>
      report({
        code: 'NET009',
        severity: 'error',
        message: `non-string key in ${path}: ${key}; quote it ("${key}") if it is meant as a name`,
        at,
      });
    for (const { file, root } of fileRoots(project)) {
      const text = project.sources.get(file)?.text ?? '';
      // Without a `*` in the text there is no alias, so no subtree is shared and none needs tracking.
      const walker = new KeyWalker(text, found, text.includes('*'));
      walker.networks(get(root, 'networks'));
      const services = get(root, 'services');
      if (!isMap(services)) continue;
      for (const s of services.entries) {
        const nets = get(s.value, 'networks');
        if (!isMap(nets) && !isSeq(nets)) continue;
        if (cleanUnder.get(nets) === s.key) continue;
        if (walker.clean(nets, ['services.', s.key, '.networks'])) cleanUnder.set(nets, s.key);
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
 * Walks one file's keys. `path` is a stack of pieces, joined only for a finding: the walk visits every key
 * of every network on each keystroke and nearly never finds one. A subtree shared by aliases (it keeps its
 * `entries` / `items` array) is walked once: its keys are written once, so they are reported once, and
 * walking every share would take exponential time on nested aliases.
 */
class KeyWalker {
  /** Lists already walked, when the text has aliases: one set for the file's networks, one per service. */
  private seen: Set<unknown> | undefined;
  /** Whether the current `clean` walk found anything. */
  private any = false;

  constructor(
    private readonly text: string,
    private readonly found: Found,
    private readonly mayShare: boolean,
  ) {}

  /**
   * The top-level `networks`: the keys of the section, then each definition, skipped while it is the same
   * object found clean before (as for the services' `networks` above).
   */
  networks(section: PNode | null | undefined): void {
    this.seen = this.mayShare ? new Set() : undefined;
    if (!isMap(section)) {
      this.walk(section, ['networks']);
      return;
    }
    this.seen?.add(section.entries);
    for (const e of section.entries) {
      if (isNonStringKeyIn(this.text, e.keySpan)) this.found('networks', e.key, e.keySpan);
      const v = e.value;
      if ((!isMap(v) && !isSeq(v)) || cleanUnder.get(v) === e.key) continue;
      this.any = false;
      this.walk(v, ['networks', '.', e.key]);
      if (!this.any) cleanUnder.set(v, e.key);
    }
  }

  /** Walks one service's `networks` on its own; true when it holds no non-string key. */
  clean(node: PNode, path: string[]): boolean {
    this.seen = this.mayShare ? new Set() : undefined;
    this.any = false;
    this.walk(node, path);
    return !this.any;
  }

  private walk(node: PNode | null | undefined, path: string[]): void {
    if (node === null || node === undefined || node.kind === 'scalar') return;
    const seen = this.seen;
    if (seen !== undefined) {
      const list = node.kind === 'map' ? node.entries : node.items;
      if (seen.has(list)) return;
      seen.add(list);
    }
    if (node.kind === 'seq') {
      for (let i = 0; i < node.items.length; i++) {
        path.push(`[${i}]`);
        this.walk(node.items[i], path);
        path.pop();
      }
      return;
    }
    for (const e of node.entries) {
      if (isNonStringKeyIn(this.text, e.keySpan)) {
        this.any = true;
        this.found(path.join(''), e.key, e.keySpan);
      }
      const v = e.value;
      if (v === null || v.kind === 'scalar') continue;
      path.push('.', e.key);
      this.walk(v, path);
      path.length -= 2;
    }
  }
}
