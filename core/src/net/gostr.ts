/**
 * Go's `strconv.Quote`, enough of it to reproduce the texts Docker prints around user input
 * (`ParseAddr("x"): …`, `bad bits after slash: "x"`). Printable runes stay as they are.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    out += escapeRune(ch, cp);
  }
  return `${out}"`;
}

const SHORT: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

function escapeRune(ch: string, cp: number): string {
  const short = SHORT[ch];
  if (short !== undefined) return short;
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space are kept; every
  // other rune (C1 controls, other spaces such as U+00A0, format characters, private use, unassigned) is
  // written as \uNNNN, or \UNNNNNNNN past the BMP.
  if (cp === 0x20 || PRINTABLE.test(ch)) return ch;
  return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
