/**
 * One object per tree row for as long as the row exists, and the rows that changed when the data behind the
 * tree changes.
 *
 * VS Code finds a row's element by object identity and drops the handles of every row it refreshes (and of
 * their children) until it has fetched them again. Refreshing the whole tree on every engine event, with new
 * objects each time, left a window after each event in which a context-menu command reached its handler
 * without its row. Here only the rows whose drawing or children changed are refreshed, and the others keep
 * their objects and handles. Rows are updated in place, so a command holding a row sees current data.
 *
 * Pure (no `vscode`): the provider gives the children, ids and drawn signatures.
 */
export interface RowSource<T> {
  /** The rows under `parent` (the top rows for `undefined`), from the current data, as new objects. */
  children(parent: T | undefined): T[];
  /**
   * The row's id, unique in the tree (`undefined` for rows without one: they are known by place), and what
   * VS Code draws for it (equal signatures draw the same). Asked once per row and pass.
   */
  describe(node: T): { id: string | undefined; signature: string };
}

interface Fresh<T> {
  node: T;
  key: string;
  signature: string;
}

interface Row<T> {
  node: T;
  signature: string;
  /** The children's keys, once VS Code has asked for them. */
  children?: string[];
}

export class StableRows<T extends object> {
  private readonly rows = new Map<string, Row<T>>();
  private readonly keys = new WeakMap<T, string>();
  private top?: string[];

  constructor(private readonly source: RowSource<T>) {}

  /** Rows kept (for tests and for the curious). */
  get size(): number {
    return this.rows.size;
  }

  /** The children VS Code asks for: the objects it already holds wherever the row is the same one. */
  children(parent?: T): T[] {
    const parentKey =
      parent === undefined ? '' : (this.keys.get(parent) ?? this.source.describe(parent).id ?? '');
    const fresh = this.fresh(parent === undefined ? undefined : this.known(parent), parentKey);
    const keys = fresh.map((f) => f.key);
    const out = fresh.map((f) => this.adopt(f));
    const row = parent === undefined ? undefined : this.rows.get(parentKey);
    this.forgetMissing(parent === undefined ? this.top : row?.children, keys);
    if (parent === undefined) this.top = keys;
    else if (row) row.children = keys;
    return out;
  }

  /** The object VS Code holds for the row `node` stands for (a fresh object for a known row), else `node`. */
  known(node: T): T {
    const key = this.keys.get(node) ?? this.source.describe(node).id;
    return (key !== undefined && this.rows.get(key)?.node) || node;
  }

  /**
   * After the data changed: brings every row VS Code holds up to date, in place, and returns the rows to
   * redraw (their children are fetched again if shown); `undefined` when the top rows changed (redraw all).
   */
  changed(): T[] | undefined {
    if (this.top === undefined) return [];
    const fresh = this.fresh(undefined, '');
    if (
      !sameList(
        fresh.map((f) => f.key),
        this.top,
      )
    )
      return undefined;
    const redraw: T[] = [];
    this.walk(fresh, redraw);
    return redraw;
  }

  private walk(fresh: Fresh<T>[], redraw: T[]): void {
    for (const f of fresh) {
      const row = this.rows.get(f.key);
      if (!row) continue;
      replaceInPlace(row.node, f.node);
      let changed = f.signature !== row.signature;
      row.signature = f.signature;
      if (row.children) {
        const kids = this.fresh(row.node, f.key);
        const kidKeys = kids.map((k) => k.key);
        if (sameList(kidKeys, row.children)) this.walk(kids, redraw);
        else {
          // VS Code fetches them again when the row is shown open; until then nothing below is held.
          this.forgetMissing(row.children, kidKeys);
          row.children = undefined;
          changed = true;
        }
      }
      if (changed) redraw.push(row.node);
    }
  }

  /** The rows under `parent` now, each with its key and signature. */
  private fresh(parent: T | undefined, parentKey: string): Fresh<T>[] {
    return this.source.children(parent).map((node, i) => {
      const { id, signature } = this.source.describe(node);
      return { node, key: id ?? `${parentKey}#${i}`, signature };
    });
  }

  private adopt({ node, key, signature }: Fresh<T>): T {
    const row = this.rows.get(key);
    if (row) {
      replaceInPlace(row.node, node);
      row.signature = signature;
      return row.node;
    }
    this.rows.set(key, { node, signature });
    this.keys.set(node, key);
    return node;
  }

  private forgetMissing(before: string[] | undefined, now: string[]): void {
    if (!before) return;
    const kept = new Set(now);
    for (const key of before) if (!kept.has(key)) this.forget(key);
  }

  private forget(key: string): void {
    const row = this.rows.get(key);
    if (!row) return;
    this.rows.delete(key);
    for (const child of row.children ?? []) this.forget(child);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `target` takes `source`'s fields (and loses those `source` lacks), keeping its identity. */
function replaceInPlace<T extends object>(target: T, source: T): void {
  if (target === source) return;
  for (const k of Object.keys(target)) if (!(k in source)) Reflect.deleteProperty(target, k);
  Object.assign(target, source);
}
