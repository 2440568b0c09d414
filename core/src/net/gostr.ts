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
  // Go leaves printable Unicode alone; the replacement rune stands for invalid UTF-8 on Go's side.
  if (cp >= 0x80 && cp <= 0x9f) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return ch;
}
