// goQuote reproduces Go's strconv.Quote for the texts Docker prints around user input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote } from '../../../../core/src/net/gostr';

test('goQuote: printable text is kept, quotes and backslashes are escaped', () => {
  assert.equal(goQuote(''), '""');
  assert.equal(goQuote('10.0.0.300'), '"10.0.0.300"');
  assert.equal(goQuote('say "hi"'), '"say \\"hi\\""');
  assert.equal(goQuote('a\\b'), '"a\\\\b"');
  assert.equal(goQuote('café ☃ 𝄞 \ufffd ~'), '"café ☃ 𝄞 \ufffd ~"');
});

test('goQuote: control characters get Go short escapes, \\xNN, or \\uNNNN for C1 controls', () => {
  assert.equal(goQuote('\x07\b\f\n\r\t\v'), '"\\a\\b\\f\\n\\r\\t\\v"');
  assert.equal(goQuote('\x00\x01\x1b\x1f'), '"\\x00\\x01\\x1b\\x1f"');
  assert.equal(goQuote('\x7f'), '"\\x7f"');
  assert.equal(goQuote(' '), '" "', 'space (0x20) is printable');
  assert.equal(goQuote('\u0080\u0085\u009f'), '"\\u0080\\u0085\\u009f"');
  assert.equal(goQuote('\u00a1x\u007e'), '"¡x~"', '0xa1 and 0x7e are printable');
});

test('goQuote: runes Go does not count as printable are escaped, as strconv.Quote does', () => {
  // Spaces other than ASCII space, format characters and private use are not unicode.IsPrint in Go.
  assert.equal(goQuote('a\u00a0b'), '"a\\u00a0b"', 'no-break space');
  assert.equal(goQuote('\u2003\u3000'), '"\\u2003\\u3000"', 'em space, ideographic space');
  assert.equal(goQuote('x\u200by\ufeff'), '"x\\u200by\\ufeff"', 'zero-width space, BOM (format)');
  assert.equal(goQuote('\u00ad'), '"\\u00ad"', 'soft hyphen (format)');
  assert.equal(goQuote('\ue000'), '"\\ue000"', 'private use');
  assert.equal(goQuote('\u{f0000}'), '"\\U000f0000"', 'private use past the BMP: \\U and eight digits');
  // Marks are printable (combining acute accent after e).
  assert.equal(goQuote('e\u0301'), '"e\u0301"');
});
