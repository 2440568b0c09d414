/**
 * What the editor said an edit changed, so that passes over a 1 MB text after a keystroke look at the changed
 * part only: the parse cache (reparse.ts: no comparison of the whole old and new texts for their common
 * prefix and suffix) and scans for a word that was absent before (`# switchyard-ignore`).
 *
 * The LSP layer notes each incremental change (`noteEdit`, from lsp/text-document.ts). A document's edits
 * form a chain of texts; `editBetween(from, to)` composes the steps from the text a consumer saw last (the
 * last validated text) to the current one, so keystrokes that queued up between two validations are still
 * one known edit. A range from the editor may be wider than the true change (a digit typed over itself),
 * never narrower: `to` is `from` with `from[prefix, from.length - suffix)` replaced and the rest unchanged.
 * Consumers that find no edit between two texts compare them as before.
 *
 * Texts are identified by `===`: almost always the same string object (one pointer comparison); two
 * different strings of the same length are compared by content, which is only correct, never wrong.
 */
export interface TextEdit {
  /** Characters at the start that the edit left as they were. */
  prefix: number;
  /** Characters at the end that the edit left as they were. */
  suffix: number;
}

interface Chain {
  /** texts[i + 1] is texts[i] after steps[i]. */
  texts: string[];
  steps: TextEdit[];
}

/** The latest chains (one per document being typed in); each bounded, so few texts are pinned. */
const chains: Chain[] = [];
const MAX_CHAINS = 8;
const MAX_STEPS = 8;

/** Notes that `after` is `before` with `before[start, end)` replaced (by any number of characters). */
export function noteEdit(before: string, after: string, start: number, end: number): void {
  const step = { prefix: start, suffix: before.length - end };
  if (step.prefix < 0 || step.suffix < 0 || step.prefix + step.suffix > Math.min(before.length, after.length))
    return;
  const i = chains.findIndex((c) => same(last(c), before));
  const chain = i >= 0 ? (chains.splice(i, 1)[0] as Chain) : { texts: [before], steps: [] };
  chain.texts.push(after);
  chain.steps.push(step);
  if (chain.steps.length > MAX_STEPS) {
    chain.texts.shift();
    chain.steps.shift();
  }
  chains.unshift(chain);
  if (chains.length > MAX_CHAINS) chains.length = MAX_CHAINS;
}

/**
 * The edit that turns `from` into `to`, if the editor's changes tell it. The texts before `from` in its chain
 * are let go: the next question is about a later text.
 */
export function editBetween(from: string, to: string): TextEdit | undefined {
  for (const chain of chains) {
    if (!same(last(chain), to)) continue;
    for (let j = chain.texts.length - 2; j >= 0; j--) {
      if (!same(chain.texts[j] as string, from)) continue;
      let prefix = Infinity;
      let suffix = Infinity;
      for (let k = j; k < chain.steps.length; k++) {
        const s = chain.steps[k] as TextEdit;
        prefix = Math.min(prefix, s.prefix);
        suffix = Math.min(suffix, s.suffix);
      }
      chain.texts.splice(0, j);
      chain.steps.splice(0, j);
      return { prefix, suffix };
    }
    return undefined;
  }
  return undefined;
}

/**
 * Whether `word` is still absent from `to`, given it was absent from `from`: only the changed part (widened
 * by the word's length on each side) is searched when the edit between them is known.
 */
export function stillAbsent(from: string, to: string, word: string): boolean {
  const edit = editBetween(from, to);
  if (edit === undefined) return !to.includes(word);
  const lo = Math.max(0, edit.prefix - word.length);
  const hi = Math.min(to.length, to.length - edit.suffix + word.length);
  return !to.slice(lo, hi).includes(word);
}

/** Forgets every noted edit (tests; a closed document's chain is pushed out by newer ones). */
export function forgetEdits(): void {
  chains.length = 0;
}

function last(chain: Chain): string {
  return chain.texts[chain.texts.length - 1] as string;
}

/** The same text: by length first, so that texts of other lengths are never compared character by character. */
function same(a: string, b: string): boolean {
  return a.length === b.length && a === b;
}
