import type { ComposeProject, ServiceModel, SourceText } from '../compose/project';
import type { PEntry, PMap } from '../yaml/tree';

/**
 * The project as one service's rules see it: every network, the project's name, files and environment, and
 * of the services only this one, in the merged model and in every file's own tree. A rule of scope
 * `service` reports on this view exactly what it reports about this service on the whole project
 * (test/unit/server/incremental/scope.test.ts checks that for every such rule), so its findings can be kept per
 * service and recomputed only for the services an edit changed.
 */
export function serviceView(project: ComposeProject, svc: ServiceModel, index: ServiceIndex): ComposeProject {
  const sources = new Map<string, SourceText>();
  for (const [path, src] of project.sources) {
    sources.set(path, src.root === null ? src : { ...src, root: index.restrict(src.root, svc.name) });
  }
  return {
    ...project,
    services: [svc],
    sources,
    findings: [],
    ...(project.root ? { root: index.restrict(project.root, svc.name) } : {}),
  };
}

/**
 * The `services` entries of each tree by name, built once per analysis: a view is then as cheap to make
 * as the number of files and top-level keys, not the number of services.
 */
export class ServiceIndex {
  private readonly byMap = new Map<PMap, Map<string, PEntry[]>>();

  restrict(root: PMap, name: string): PMap {
    let entries = root.entries;
    let changed = false;
    const out: PEntry[] = [];
    for (const e of entries) {
      if (e.key !== 'services' || e.value?.kind !== 'map') {
        out.push(e);
        continue;
      }
      changed = true;
      const mine = this.entriesOf(e.value, name);
      out.push({ ...e, value: { ...e.value, entries: mine } });
    }
    if (changed) entries = out;
    return changed ? { ...root, entries } : root;
  }

  /**
   * A keystroke checks one service: its entries are then found by a scan, with no index of every name. The
   * index is built when a second service of the same map is asked for.
   */
  private entriesOf(services: PMap, name: string): PEntry[] {
    if (this.byMap.has(services)) return this.named(services).get(name) ?? [];
    const scan = this.scanned.get(services);
    // The same map asked again for the same name (the merged root and a file's tree are one object in a
    // project of one file): the scan's result, not an index of every name.
    if (scan?.name === name) return scan.entries;
    if (scan !== undefined) return this.named(services).get(name) ?? [];
    const entries = services.entries.filter((e) => e.key === name);
    this.scanned.set(services, { name, entries });
    return entries;
  }

  private readonly scanned = new Map<PMap, { name: string; entries: PEntry[] }>();

  private named(services: PMap): Map<string, PEntry[]> {
    let m = this.byMap.get(services);
    if (m === undefined) {
      m = new Map();
      for (const e of services.entries) {
        const list = m.get(e.key);
        if (list) list.push(e);
        else m.set(e.key, [e]);
      }
      this.byMap.set(services, m);
    }
    return m;
  }
}
