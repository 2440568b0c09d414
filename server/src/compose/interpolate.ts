import type { Finding } from '@switchyard/core';
import { ExpansionBudget, substitute } from './template';
import type { Lookup, TemplateError, VarUse } from './template';
import type { PNode, PScalar, Span } from '../yaml/tree';
import { knownText, sameText, stillAbsent } from '../yaml/text-edits';
import type { KnownText } from '../yaml/text-edits';

/**
 * Interpolates one file's tree in place, as compose-go does per file before merging: every string value
 * (never a key) goes through `${VAR}` substitution, then the values at the paths of compose-go's
 * `interpolateTypeCastMapping` that matter for networking become booleans or integers. Each scalar keeps
 * its span and its `source` text; `vars` records what it used. Problems become findings at the `${...}`.
 */
export function interpolateTree(
  root: PNode,
  text: string,
  lookup: Lookup,
  findings: Finding<Span>[],
  budget = new ExpansionBudget(),
  /** False without the editor's parse cache: no body comes back, so none is remembered as settled. */
  remember = true,
): void {
  const signs = remember ? signsOf(root.span.file, text) : readSigns(text);
  const walker = new Walker(text, lookup, findings, signs, budget, remember);
  walker.node(root);
}

/** What of a file's text decides how it is walked: `$` or a backslash (anything to substitute), `*` (aliases). */
interface Signs {
  dollar: boolean;
  backslash: boolean;
  star: boolean;
}

function readSigns(text: string): Signs {
  return { dollar: text.includes('$'), backslash: text.includes('\\'), star: text.includes('*') };
}

/**
 * Each file's signs for its last text: after a keystroke in a file that had none of a sign, only the
 * changed part is searched for it (yaml/text-edits.ts) instead of the whole text, three times.
 */
const lastSigns = new Map<string, KnownText & { signs: Signs }>();
const MAX_SIGNED_FILES = 64;

function signsOf(file: string, text: string): Signs {
  const known = lastSigns.get(file);
  let signs: Signs;
  if (known === undefined) signs = readSigns(text);
  else if (sameText(known, text)) return known.signs;
  else {
    const was = known.signs;
    const has = (word: string, before: boolean) =>
      before ? text.includes(word) : !stillAbsent(known.mark, text, word);
    signs = { dollar: has('$', was.dollar), backslash: has('\\', was.backslash), star: has('*', was.star) };
  }
  if (lastSigns.size >= MAX_SIGNED_FILES) lastSigns.clear();
  lastSigns.set(file, { ...knownText(text), signs });
  return signs;
}

/**
 * Section values (a service body, a network definition) that a walk left unchanged except for casts. The
 * editor's parse cache hands the same object back while its text is unchanged (yaml/reparse.ts, which
 * never reuses text with `$`); walking it again would substitute nothing and cast nothing, so it is skipped.
 */
const settled = new WeakSet<PNode>();

class Walker {
  /** `scalar()` calls so far: a section value is settled when its walk made none. */
  private substituted = 0;

  private readonly path: string[] = [];
  // Anchored nodes are shared by their aliases; substituting twice would turn `$$` into an error.
  private readonly seen = new Set<PScalar>();
  // Aliases share subtrees; walking each share again could take exponential time ("billion laughs").
  // A shared subtree is walked again only where a cast could apply to it.
  private readonly walked = new Set<unknown>();

  constructor(
    private readonly text: string,
    private readonly lookup: Lookup,
    private readonly findings: Finding<Span>[],
    /** Without a `*` in the text there is no alias, so nothing is shared and nothing needs tracking. */
    private readonly signs: Signs,
    private readonly budget: ExpansionBudget,
    private readonly remember: boolean,
  ) {}

  /**
   * A value holds a `$` only when the text does, or a double-quoted escape (`"\x24"`) makes one: without
   * either, nothing can be substituted and the walk only casts, so it visits only the paths that cast (a
   * first load of 1,000 services visited every scalar of every body for none). Set at the root.
   */
  private castsOnly = false;

  node(n: PNode): void {
    if (this.path.length === 0) this.castsOnly = !this.signs.dollar && !this.signs.backslash;
    else if (this.castsOnly && !castReachable(this.path)) return;
    if (this.path.length === 2 && n.kind !== 'scalar') {
      if (settled.has(n)) return;
      const before = this.substituted;
      this.walk(n);
      if (this.substituted === before && this.remember) settled.add(n);
      return;
    }
    this.walk(n);
  }

  private walk(n: PNode): void {
    if (n.kind !== 'scalar' && this.signs.star) {
      const list = n.kind === 'map' ? n.entries : n.items;
      if (this.walked.has(list) && !this.castZone()) return;
      this.walked.add(list);
    }
    if (n.kind === 'map') {
      for (const e of n.entries) {
        if (e.value === null) continue;
        this.path.push(e.key);
        this.node(e.value);
        this.path.pop();
      }
    } else if (n.kind === 'seq') {
      this.path.push('[]');
      for (const item of n.items) this.node(item);
      this.path.pop();
    } else if (typeof n.value === 'string') {
      if (n.value.includes('$') && !this.seen.has(n)) {
        this.seen.add(n);
        this.scalar(n, n.value);
      }
      // Casting is idempotent, so a node shared through an alias may meet it twice.
      const cast = castFor(this.path);
      if (cast !== undefined && typeof n.value === 'string') castScalar(n, cast);
    }
  }

  private castZone(): boolean {
    const [top] = this.path;
    return (
      top === undefined ||
      (top === 'services' && this.path.length <= 4) ||
      (top === 'networks' && this.path.length <= 2)
    );
  }

  private scalar(n: PScalar, template: string): void {
    this.substituted++;
    const result = substitute(template, this.lookup, this.budget);
    n.value = result.value;
    if (result.vars.length > 0) n.vars = result.vars.map((v) => ({ name: v.name, unset: v.unset }));
    const locate = locator(this.text, n.span, template);
    for (const v of result.vars) if (v.unset && !isRequired(result.error, v)) this.unset(v, locate(v));
    if (result.error) this.error(result.error, template, locate(result.error));
  }

  private unset(v: VarUse, at: Span): void {
    this.findings.push({
      code: 'NET153',
      severity: 'warning',
      message: `The "${v.name}" variable is not set. Defaulting to a blank string.`,
      at,
    });
  }

  private error(e: TemplateError, template: string, at: Span): void {
    if (e.kind === 'limit') {
      const message = `${this.path.join('.')}: ${e.message}`;
      this.findings.push({ code: 'LIMIT', severity: 'warning', message, at });
      return;
    }
    const message =
      e.kind === 'required'
        ? e.message
        : `invalid interpolation format for ${this.path.join('.')}.\n` +
          `You may need to escape any $ with another $.\n${template}`;
    this.findings.push({ code: e.kind === 'required' ? 'NET154' : 'NET155', severity: 'error', message, at });
  }
}

/** A required variable that is missing is NET154, not also NET153. */
function isRequired(error: TemplateError | undefined, v: VarUse): boolean {
  return error?.kind === 'required' && error.start === v.start && error.end === v.end;
}

/**
 * Maps a piece of the decoded template back to the file. In a plain or simply quoted scalar the piece's
 * text appears verbatim in the source, so searching the scalar's own text finds it; when escapes or line
 * folding changed it, the whole scalar is the best answer.
 */
function locator(text: string, span: Span, template: string): (r: { start: number; end: number }) => Span {
  const raw = text.slice(span.start, span.end);
  return (r) => {
    const piece = template.slice(r.start, r.end);
    const direct = raw.indexOf(piece, Math.min(r.start, raw.length));
    const at = direct >= 0 ? direct : raw.indexOf(piece);
    if (at < 0 || piece === '') return span;
    return { file: span.file, start: span.start + at, end: span.start + at + piece.length };
  };
}

type Cast = 'bool' | 'int';

const NETWORK_BOOLS = new Set(['external', 'internal', 'attachable', 'enable_ipv4', 'enable_ipv6']);

/** compose-go casts these after interpolation (reference §2.9). */
function castFor(path: string[]): Cast | undefined {
  const n = path.length;
  if (n < 3 || n > 5) return undefined;
  const top = path[0];
  const field = path[2] ?? '';
  if (top === 'networks') return n === 3 && NETWORK_BOOLS.has(field) ? 'bool' : undefined;
  if (top !== 'services') return undefined;
  if (n === 3) return field === 'scale' ? 'int' : undefined;
  if (n === 4) return field === 'deploy' && path[3] === 'replicas' ? 'int' : undefined;
  return field === 'ports' && path[3] === '[]' && path[4] === 'target' ? 'int' : undefined;
}

/** Whether `castFor` applies at `path` or below it (a walk with nothing to substitute stops elsewhere). */
function castReachable(path: string[]): boolean {
  const n = path.length;
  const top = path[0];
  if (n === 0) return true;
  if (top !== 'networks' && top !== 'services') return false;
  if (n <= 2) return true;
  const field = path[2] ?? '';
  if (top === 'networks') return n === 3 && NETWORK_BOOLS.has(field);
  if (n === 3) return field === 'scale' || field === 'deploy' || field === 'ports';
  const sub = path[3];
  if (n === 4) return (field === 'deploy' && sub === 'replicas') || (field === 'ports' && sub === '[]');
  return n === 5 && field === 'ports' && sub === '[]' && path[4] === 'target';
}

/**
 * A value that does not cast stays a string, and so do the YAML 1.1 words (`yes`, `off`, …) that compose-go
 * accepts with a warning: `bool()` reads them as Compose does, and NET008 can still see and report them
 * (with compose-go's `failed to cast to expected type` text for anything else).
 */
function castScalar(n: PScalar, cast: Cast): void {
  const s = n.value as string;
  if (cast === 'int') {
    if (/^[+-]?[0-9]+$/.test(s)) n.value = Number(s);
    return;
  }
  const lower = s.toLowerCase();
  if (lower === 'true') n.value = true;
  else if (lower === 'false') n.value = false;
}
