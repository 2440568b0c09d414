import { readFileSync, statSync } from 'node:fs';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileReader } from '../compose/loader';
import { pathToUri, uriToPath } from './uris';

/** Files larger than this are not read from disk for a project: a compose file is never this big. */
const MAX_DISK_FILE = 8 * 1024 * 1024;
/** How long a disk read is trusted without a stat, when the client sends no file-watch events. */
const STAT_AFTER_MS = 2000;

interface CachedFile {
  text: string | undefined;
  mtimeMs: number;
  size: number;
  checkedAt: number;
}

/**
 * Reads a project's files: the editor's buffer when the file is open, else the disk through a cache, so a
 * keystroke in one file never re-reads its siblings. The cache is dropped for a path when the client reports
 * a change to it (workspace/didChangeWatchedFiles) and re-validated with a stat at most every few seconds.
 */
export class WorkspaceFiles implements FileReader {
  private readonly disk = new Map<string, CachedFile>();
  private readonly openUris = new Map<string, string>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  /** Remembers the client's own URI spelling for a path, so diagnostics go back under the same URI. */
  noteOpen(uri: string): string | undefined {
    const path = uriToPath(uri);
    if (path !== undefined) this.openUris.set(path, uri);
    return path;
  }

  noteClosed(uri: string): void {
    const path = uriToPath(uri);
    if (path !== undefined) this.openUris.delete(path);
  }

  uriOf(path: string): string {
    return this.openUris.get(path) ?? pathToUri(path);
  }

  /** The open document for a path, if the editor has it. */
  document(path: string): TextDocument | undefined {
    const uri = this.openUris.get(path);
    return uri === undefined ? undefined : this.documents.get(uri);
  }

  read(path: string): string | undefined {
    const open = this.document(path);
    if (open !== undefined) return open.getText();
    return this.readDisk(path);
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined;
  }

  invalidate(path: string): void {
    this.disk.delete(path);
  }

  private readDisk(path: string, now = Date.now()): string | undefined {
    const cached = this.disk.get(path);
    if (cached !== undefined && now - cached.checkedAt < STAT_AFTER_MS) return cached.text;
    const stat = statOrUndefined(path);
    if (stat === undefined) {
      this.disk.set(path, { text: undefined, mtimeMs: 0, size: -1, checkedAt: now });
      return undefined;
    }
    if (cached !== undefined && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      cached.checkedAt = now;
      return cached.text;
    }
    const text = stat.size > MAX_DISK_FILE ? undefined : readOrUndefined(path);
    this.disk.set(path, { text, mtimeMs: stat.mtimeMs, size: stat.size, checkedAt: now });
    return text;
  }
}

function statOrUndefined(path: string): { mtimeMs: number; size: number } | undefined {
  try {
    const s = statSync(path);
    return s.isFile() ? { mtimeMs: s.mtimeMs, size: s.size } : undefined;
  } catch {
    return undefined;
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
