import type { Position, Range } from 'vscode-languageserver';
import type { Span } from '../yaml/tree';

/**
 * Offset <-> LSP position conversion over a file's `lineStarts` (from the parser's line counter), so the
 * server never re-scans a document's text to place a diagnostic. Offsets and characters are both UTF-16
 * code units, which is what JavaScript strings and LSP's default position encoding use.
 */
export function positionAt(lineStarts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: Math.max(0, offset - (lineStarts[lo] ?? 0)) };
}

export function offsetAt(lineStarts: readonly number[], position: Position, textLength: number): number {
  const start = lineStarts[position.line];
  if (start === undefined) return textLength;
  const next = lineStarts[position.line + 1] ?? textLength + 1;
  return Math.min(start + position.character, next - 1, textLength);
}

export function spanToRange(lineStarts: readonly number[], span: Pick<Span, 'start' | 'end'>): Range {
  return { start: positionAt(lineStarts, span.start), end: positionAt(lineStarts, span.end) };
}

/** Line starts of a text, for files the parser has not seen (a related location in an unreadable file). */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
