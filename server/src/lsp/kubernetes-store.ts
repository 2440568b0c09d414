import { readdirSync, statSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { classifyManifest, isKubernetesInput } from '../kubernetes/classify';
import { ManifestFiles } from '../kubernetes/files';
import type { ManifestFs } from '../kubernetes/files';
import { loadKubernetesProject } from '../kubernetes/loader';
import type { HelmRender } from '../kubernetes/loader';
import type { K8sProject } from '../kubernetes/project';
import type { WorkspaceFiles } from './file-reader';

/** How much of a file's text decides whether it is the Kubernetes side's. */
const OWNS_HEAD = 65536;

/** One Kubernetes project: a workspace folder (or the folder of a file outside every workspace folder). */
export interface K8sEntry {
  key: string;
  root: string;
  files: ManifestFiles;
  project: K8sProject | undefined;
  /** Open files outside the folder walk (a file in a skipped folder still gets checked with the rest). */
  extra: Set<string>;
}

/**
 * The Kubernetes side of the server's projects. A manifest belongs to the project of the workspace folder
 * holding it (what `kubectl apply -f FOLDER -R` would send), kustomizations inside it being their own
 * units. Loads are cached until a file the project read changes; parses survive per file (ManifestFiles).
 */
export class KubernetesStore {
  private readonly byKey = new Map<string, K8sEntry>();
  private readonly listings = new Map<string, string[] | undefined>();
  private roots: string[] = [];
  /** `helm template` output per chart folder, until a file under the folder changes. */
  private readonly renders = new Map<string, ReturnType<HelmRender>>();

  /**
   * `helm`: renders a chart (`../lint-cli/helm.ts`, when `helm` is on the server's PATH); without it a chart gets
   * the loader's information finding. Helm reads the chart from disk, so a chart is rendered again when one of
   * its files changes on disk or in the editor, and what it renders is what is saved.
   */
  constructor(
    private readonly files: WorkspaceFiles,
    private readonly clusterConfig: () => string | undefined = () => undefined,
    private readonly helm?: HelmRender,
  ) {}

  setWorkspaceRoots(roots: string[]): void {
    this.roots = roots.map((r) => r.replace(/[\\/]+$/, ''));
  }

  /** True when the file is the Kubernetes side's: a manifest, kustomization, chart or k3s config by content. */
  owns(path: string): boolean {
    const text = this.files.read(path);
    if (text === undefined) return false;
    // Asked on every keystroke: the verdict is kept while the text's head is the same (a string compare is
    // far cheaper than classifying it again; most edits of a big file are past its head).
    const head = text.slice(0, OWNS_HEAD);
    const last = this.verdicts.get(path);
    if (last !== undefined && last.head === head) return last.owns;
    const owns = isKubernetesInput(classifyManifest(path, head));
    if (this.verdicts.size >= 4096) this.verdicts.clear();
    this.verdicts.set(path, { head, owns });
    return owns;
  }

  /** `owns` per path, with the head of the text it was decided on. */
  private readonly verdicts = new Map<string, { head: string; owns: boolean }>();

  entryFor(path: string): K8sEntry {
    const root =
      this.roots.filter((r) => path.startsWith(r + sep)).sort((a, b) => b.length - a.length)[0] ??
      dirname(path);
    let e = this.byKey.get(root);
    if (e === undefined) {
      e = { key: root, root, files: new ManifestFiles(this.fs()), project: undefined, extra: new Set() };
      this.byKey.set(root, e);
    }
    return e;
  }

  load(e: K8sEntry): K8sProject {
    if (e.project !== undefined) return e.project;
    const config = this.clusterConfig();
    const project = loadKubernetesProject({
      paths: [e.root, ...e.extra],
      recursive: true,
      files: e.files,
      ...(config !== undefined ? { clusterConfig: config } : {}),
      ...(this.helm !== undefined ? { helm: (chart: string) => this.render(chart) } : {}),
    });
    e.files.retainSeen();
    e.project = project;
    return project;
  }

  /** The loaded project of an open manifest; a file the walk would not reach is added to it. */
  projectFor(path: string): K8sProject {
    const e = this.entryFor(path);
    const project = this.load(e);
    if (project.sources.has(path) || e.extra.has(path)) return project;
    e.extra.add(path);
    e.project = undefined;
    return this.load(e);
  }

  /** Makes sure an open manifest is part of its project's next load; returns the project's key. */
  track(path: string): string {
    const e = this.entryFor(path);
    if (e.project === undefined || !e.project.sources.has(path)) {
      if (!e.extra.has(path)) e.project = undefined;
      e.extra.add(path);
    }
    return e.key;
  }

  private render(chart: string): ReturnType<HelmRender> {
    let r = this.renders.get(chart);
    if (r === undefined && this.helm !== undefined) {
      r = this.helm(chart);
      this.renders.set(chart, r);
    }
    return r ?? { ok: false, reason: '`helm` is not on PATH' };
  }

  /** A file changed: every project that read it (or whose folder holds it) is loaded again. */
  invalidate(path: string): string[] {
    for (const chart of this.renders.keys()) if (path.startsWith(chart + sep)) this.renders.delete(chart);
    const keys: string[] = [];
    for (const e of this.byKey.values()) {
      if (e.project === undefined || e.project.sources.has(path) || path.startsWith(e.root + sep)) {
        e.project = undefined;
        keys.push(e.key);
      }
    }
    return keys;
  }

  /** Files were created or deleted: folder listings are read again. */
  forgetListings(): void {
    this.listings.clear();
  }

  get(key: string): K8sEntry | undefined {
    return this.byKey.get(key);
  }

  all(): K8sEntry[] {
    return [...this.byKey.values()];
  }

  private fs(): ManifestFs {
    return {
      read: (p) => this.files.read(p),
      list: (p) => {
        if (this.listings.has(p)) return this.listings.get(p);
        let names: string[] | undefined;
        try {
          names = statSync(p).isDirectory() ? readdirSync(p) : undefined;
        } catch {
          names = undefined;
        }
        this.listings.set(p, names);
        return names;
      },
    };
  }
}
