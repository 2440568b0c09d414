import { loadProject, ParseCache } from '../compose/loader';
import type { ComposeProject } from '../compose/project';
import { projectFilesFor } from '../compose/loader';
import type { FileReader } from '../compose/loader';
import type { WorkspaceFiles } from './file-reader';

/** Larger open files are not checked (the CLI refuses them too); compose files are a few kilobytes. */
export const MAX_CHECKED_CHARS = 8 * 1024 * 1024;

/** One compose project as the server sees it: its `-f` files and the last load, reused until an edit. */
export interface ProjectEntry {
  key: string;
  files: string[];
  project: ComposeProject | undefined;
  /**
   * Re-parses this project's files reusing what an edit left unchanged. A load through it invalidates the
   * previous load's trees, so it is used only when `project` is dropped and loaded again.
   */
  parses: ParseCache;
}

/**
 * Maps open files to projects and keeps each project's last load. A project is loaded again only when a
 * file it read changed, so hover, completion and validation after one keystroke share one parse.
 */
export class ProjectStore {
  private readonly byKey = new Map<string, ProjectEntry>();

  constructor(
    private readonly files: WorkspaceFiles,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {}

  /** The project an open file belongs to (created on first use). */
  entryFor(path: string): ProjectEntry {
    const files = projectFilesFor(path, (p) => this.files.exists(p));
    const key = files.join('\n');
    let e = this.byKey.get(key);
    if (e === undefined) {
      e = { key, files, project: undefined, parses: new ParseCache() };
      this.byKey.set(key, e);
    }
    return e;
  }

  /** The loaded project for an open file, loading it when an edit made the last load stale. */
  projectFor(path: string): ComposeProject {
    return this.load(this.entryFor(path));
  }

  load(e: ProjectEntry): ComposeProject {
    if (e.project !== undefined) return e.project;
    const project = loadProject({
      files: e.files,
      reader: this.boundedReader(),
      env: this.env,
      parseCache: e.parses,
    });
    e.parses.retain(project.sources.keys());
    e.project = project;
    return project;
  }

  /** The first `-f` file of a project too large to check, if any. */
  oversized(e: ProjectEntry): string | undefined {
    return e.files.find((p) => (this.files.read(p)?.length ?? 0) > MAX_CHECKED_CHARS);
  }

  /**
   * Reads through to the workspace, but hands the loader an empty text for a file too large to be a compose
   * file, so a stray multi-megabyte YAML cannot stall every keystroke (the validator says why it is skipped).
   */
  private boundedReader(): FileReader {
    return {
      read: (p) => {
        const text = this.files.read(p);
        return text !== undefined && text.length > MAX_CHECKED_CHARS ? '' : text;
      },
    };
  }

  /** Drops the loads that read `path`; returns the keys of the projects affected. */
  invalidate(path: string): string[] {
    const keys: string[] = [];
    for (const e of this.byKey.values()) {
      if (e.files.includes(path) || e.project?.sources.has(path) === true) {
        e.project = undefined;
        keys.push(e.key);
      }
    }
    return keys;
  }

  get(key: string): ProjectEntry | undefined {
    return this.byKey.get(key);
  }

  /**
   * Keeps only the projects of the open files, as they resolve now (a new or deleted override file changes
   * which project a file belongs to); returns the dropped ones so their diagnostics can be cleared.
   */
  retain(openPaths: string[]): ProjectEntry[] {
    const keep = new Set(openPaths.map((p) => this.entryFor(p).key));
    const gone: ProjectEntry[] = [];
    for (const e of this.byKey.values()) {
      if (keep.has(e.key)) continue;
      this.byKey.delete(e.key);
      gone.push(e);
    }
    return gone;
  }

  all(): ProjectEntry[] {
    return [...this.byKey.values()];
  }
}
