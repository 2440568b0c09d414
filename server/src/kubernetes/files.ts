import { classifyManifest } from './classify';
import type { ManifestKind } from './classify';
import { parseManifest } from './documents';
import type { ParsedManifest } from './documents';

/** What the project loader needs of a file system: text of a file, names in a directory. */
export interface ManifestFs {
  read(path: string): string | undefined;
  /** The names in a directory, undefined when `path` is not one. */
  list(path: string): string[] | undefined;
}

/** A manifest is kilobytes; a file over this is not read (and the loader says so). */
export const MAX_MANIFEST_CHARS = 8 * 1024 * 1024;

/**
 * Reads and parses manifest files once per text. One instance per project, kept by the editor across
 * edits: a file whose text did not change keeps its parse (the same trees), a changed one is parsed again
 * reusing its unchanged documents (documents.ts). Trees handed out are never changed by the loader.
 */
export class ManifestFiles {
  private readonly parses = new Map<string, ParsedManifest>();
  private readonly seen = new Set<string>();
  private readonly kinds = new Map<string, { text: string; kind: ManifestKind }>();

  constructor(private fs: ManifestFs) {}

  /** Points the cache at a new view of the files (the editor's, after an edit). */
  reset(fs: ManifestFs): void {
    this.fs = fs;
    this.seen.clear();
  }

  text(path: string): string | undefined {
    this.seen.add(path);
    return this.fs.read(path);
  }

  /** What the file is by content (classify.ts), remembered while its text is the same string. */
  kind(path: string): ManifestKind | undefined {
    const text = this.fs.read(path);
    if (text === undefined) return undefined;
    const known = this.kinds.get(path);
    if (known !== undefined && known.text === text) return known.kind;
    const kind = classifyManifest(path, text.slice(0, 65536));
    this.kinds.set(path, { text, kind });
    return kind;
  }

  list(path: string): string[] | undefined {
    return this.fs.list(path);
  }

  isDirectory(path: string): boolean {
    return this.fs.list(path) !== undefined;
  }

  tooLarge(path: string): boolean {
    return (this.fs.read(path)?.length ?? 0) > MAX_MANIFEST_CHARS;
  }

  parse(path: string): ParsedManifest | undefined {
    const text = this.fs.read(path);
    if (text === undefined) return undefined;
    this.seen.add(path);
    if (text.length > MAX_MANIFEST_CHARS) return parseManifest('', path);
    const previous = this.parses.get(path);
    if (previous !== undefined && previous.text === text) return previous;
    const parsed = parseManifest(text, path, previous);
    this.parses.set(path, parsed);
    return parsed;
  }

  /** Inline YAML (a kustomize patch written as a string): parsed afresh, never cached. */
  parseText(text: string, file: string): ParsedManifest {
    return parseManifest(text.slice(0, MAX_MANIFEST_CHARS), file);
  }

  /** Forgets parses of files the last load did not read. */
  retainSeen(): void {
    for (const p of this.parses.keys()) if (!this.seen.has(p)) this.parses.delete(p);
    for (const p of this.kinds.keys()) if (!this.seen.has(p)) this.kinds.delete(p);
  }
}
