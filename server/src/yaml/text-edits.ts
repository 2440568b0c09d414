/**
 * What the editor said an edit changed, so that passes over a 1 MB text after a keystroke look at the changed
 * part only: the parse cache (reparse.ts: no comparison of the whole old and new texts for their common
 * prefix and suffix), scans for a word that was absent before (`# switchyard-ignore`, interpolation's `$`).
 *
 * The LSP layer notes each incremental change (`noteEdit`, from lsp/text-document.ts). A document's edits
 * form a chain; each text in it has a mark (a serial number). A consumer keeps the mark of the text it
 * read last (`textMark`), and `editSince(mark, text)` composes the steps from that text to the current one,
 * so keystrokes that queued up between two validations are still one known edit. A range from the editor
 * may be wider than the true change (a digit typed over itself), never narrower: the text is the marked one
 * with `[prefix, length - suffix)` replaced and the rest unchanged. Consumers that get no edit compare the
 * texts as before. A chain holds only its latest text (the open document's, held anyway), never the
 * texts before it: marks stand for those.
 */
export interface TextEdit {
  /** Characters at the start that the edit left as they were. */
  prefix: number;
  /** Characters at the end that the edit left as they were. */
  suffix: number;
}

interface Step extends TextEdit {
  /** The mark of the text the step was made to. */
  from: number;
}

interface Chain {
  last: string;
  mark: number;
  /** In order; the last one ends at `last`. */
  steps: Step[];
}

/** The latest chains (one per document being typed in), each bounded. */
const chains: Chain[] = [];
const MAX_CHAINS = 8;
const MAX_STEPS = 32;
let serial = 0;

/** Notes an opened document's text, so the first edit of it is known relative to it. */
export function noteText(text: string): void {
  if (chains.some((c) => same(c.last, text))) return;
  chains.unshift({ last: text, mark: ++serial, steps: [] });
  if (chains.length > MAX_CHAINS) chains.length = MAX_CHAINS;
}

/** Notes that `after` is `before` with `before[start, end)` replaced (by any number of characters). */
export function noteEdit(before: string, after: string, start: number, end: number): void {
  const step = { prefix: start, suffix: before.length - end };
  if (step.prefix < 0 || step.suffix < 0 || step.prefix + step.suffix > Math.min(before.length, after.length))
    return;
  const i = chains.findIndex((c) => same(c.last, before));
  const chain = i >= 0 ? (chains.splice(i, 1)[0] as Chain) : { last: before, mark: ++serial, steps: [] };
  chain.steps.push({ ...step, from: chain.mark });
  if (chain.steps.length > MAX_STEPS) chain.steps.shift();
  chain.last = after;
  chain.mark = ++serial;
  chains.unshift(chain);
  if (chains.length > MAX_CHAINS) chains.length = MAX_CHAINS;
}

/** The mark of a text that is the latest of a chain (an open document's text as the editor made it). */
export function textMark(text: string): number | undefined {
  return chains.find((c) => same(c.last, text))?.mark;
}

/**
 * The edit that turns the text of `mark` into `to`, if the editor's changes tell it. Steps before the marked
 * text are let go: a later question is about a later text.
 */
export function editSince(mark: number | undefined, to: string): TextEdit | undefined {
  if (mark === undefined) return undefined;
  const chain = chains.find((c) => same(c.last, to));
  if (chain === undefined) return undefined;
  if (chain.mark === mark) return { prefix: to.length, suffix: 0 };
  const j = chain.steps.findIndex((s) => s.from === mark);
  if (j < 0) return undefined;
  let prefix = Infinity;
  let suffix = Infinity;
  for (let k = j; k < chain.steps.length; k++) {
    const s = chain.steps[k] as Step;
    prefix = Math.min(prefix, s.prefix);
    suffix = Math.min(suffix, s.suffix);
  }
  chain.steps.splice(0, j);
  return { prefix, suffix };
}

/**
 * Whether `word` is still absent from `to`, given it was absent from the text of `mark`: only the changed
 * part (widened by the word's length on each side) is searched when the edit between them is known.
 */
export function stillAbsent(mark: number | undefined, to: string, word: string): boolean {
  const edit = editSince(mark, to);
  if (edit === undefined) return !to.includes(word);
  const lo = Math.max(0, edit.prefix - word.length);
  const hi = Math.min(to.length, to.length - edit.suffix + word.length);
  return lo >= hi || !to.slice(lo, hi).includes(word);
}

/**
 * What a consumer keeps of the text it read last, to know it again: the editor's mark when the text has one,
 * the text itself only when it has none (a file read from disk). Keeping a typed text would keep the last
 * keystroke's 1 MB text alive through the next validation, when a scavenge promotes every text still alive
 * to the old generation: two texts per scavenge instead of one, so the old generation fills sooner.
 */
export interface KnownText {
  text: string | undefined;
  mark: number | undefined;
  length: number;
}

export function knownText(text: string): KnownText {
  const mark = textMark(text);
  return { text: mark === undefined ? text : undefined, mark, length: text.length };
}

/**
 * Whether `text` is the text a consumer read last (`known`), without comparing two 1 MB strings character by
 * character: `===` on two different string objects of the same length compares their contents, up to the
 * first difference (half the text, for a keystroke in the middle). When both are marked, the marks decide:
 * the same mark is the same latest text of a chain; another mark (or none, for a text that was marked) means
 * the document was edited since, and a consumer treats that as a change (it may be a digit typed over itself;
 * consumers then search the changed part, or the whole text, which is exact either way).
 */
export function sameText(known: KnownText, text: string): boolean {
  if (known.length !== text.length) return false;
  if (known.mark !== undefined) {
    const mark = textMark(text);
    if (mark !== undefined || known.text === undefined) return mark === known.mark;
  }
  return known.text === text;
}

/**
 * Whether each of a few words occurs in each file's latest text, kept per file: after a keystroke, a word
 * that was absent is looked for in the changed part only, and one that was present in the whole text again.
 */
export class WordsInText {
  private readonly last = new Map<string, KnownText & { has: boolean[] }>();

  constructor(
    private readonly words: readonly string[],
    private readonly maxFiles = 64,
  ) {}

  /** `has[i]`: whether `words[i]` occurs in `text`, the text of `file`. */
  of(file: string, text: string): readonly boolean[] {
    const known = this.last.get(file);
    if (known !== undefined && sameText(known, text)) return known.has;
    const has = this.words.map((w, i) =>
      known !== undefined && known.has[i] === false ? !stillAbsent(known.mark, text, w) : text.includes(w),
    );
    if (this.last.size >= this.maxFiles) this.last.clear();
    this.last.set(file, { ...knownText(text), has });
    return has;
  }
}

/** Forgets every noted edit (tests; a closed document's chain is pushed out by newer ones). */
export function forgetEdits(): void {
  chains.length = 0;
}

/** The same text: by length first, so that texts of other lengths are never compared character by character. */
function same(a: string, b: string): boolean {
  return a.length === b.length && a === b;
}
