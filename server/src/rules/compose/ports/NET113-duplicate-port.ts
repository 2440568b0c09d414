import type { Rule } from '../../rule';
import type { ComposeProject, ServiceModel } from '../../../compose/project';
import { at, entry, isMap, isScalar, isSeq, str } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import { anchorOf } from './items';

/**
 * The same port written twice for one service, in one file or across the override files: compose-go's
 * `portIndexer` keeps one silently. Read from each file's own tree, since the merged one is de-duplicated.
 */
export const NET113: Rule = {
  id: 'NET113',
  title: 'Duplicate port entry',
  scope: 'service',
  run({ project, report }) {
    const files = project.files.filter((f) => (project.origins?.get(f)?.kind ?? 'file') === 'file');
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const items = writtenItems(project, files, svc);
      if (items.length < 2 || noDuplicate.has(items)) continue;
      let any = false;
      const seen = new Map<string, PNode>();
      for (const node of items) {
        const key = indexKey(node);
        if (key === undefined) continue;
        const first = seen.get(key);
        if (!first) {
          seen.set(key, node);
          continue;
        }
        any = true;
        report({
          code: 'NET113',
          severity: 'information',
          message: `service "${svc.name}" lists port ${key} twice; Compose silently keeps one`,
          at: anchorOf(node),
          related: [{ at: anchorOf(first), message: 'first written here' }],
        });
      }
      if (!any) noDuplicate.add(items);
    }
  },
};

/**
 * Lists of items found without a duplicate. Only a list one file wrote is cached (its own `items` array, the
 * same object while the editor's parse cache hands back the unchanged `ports` node; a list merged from
 * several files is a new array each time). The verdict depends on the items' values alone.
 */
const noDuplicate = new WeakSet<readonly PNode[]>();

/** The items of `ports` for a service in every `-f` file, in file order. */
function writtenItems(project: ComposeProject, files: string[], svc: ServiceModel): readonly PNode[] {
  let out: readonly PNode[] = [];
  for (const file of files) {
    const ports = at(project.sources.get(file)?.root, 'services', svc.name, 'ports');
    if (!isSeq(ports) || ports.items.length === 0) continue;
    // One file (the usual case) hands back its own list; only overrides need a copy.
    out = out.length === 0 ? ports.items : [...out, ...ports.items];
  }
  return out;
}

/** compose-go `portIndexer`: the raw string of a short item, `host_ip:published:target/protocol` of a long one. */
function indexKey(n: PNode): string | undefined {
  if (isScalar(n)) return n.value === null ? undefined : `"${String(n.value)}"`;
  if (!isMap(n)) return undefined;
  const f = (k: string) => str(entry(n, k)?.value);
  const target = f('target');
  if (target === undefined) return undefined;
  return `${f('host_ip') ?? '0.0.0.0'}:${f('published') ?? ''}:${target}/${f('protocol') ?? 'tcp'}`;
}
