import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLineStarts, offsetAt, positionAt, spanToRange } from '../../../../server/src/lsp/positions';

test('offsets and positions round-trip, CRLF and astral characters included', () => {
  const text = 'a: 1\r\nb: "\u{1F600}x"\n\nc: 3';
  const starts = computeLineStarts(text);
  for (let off = 0; off <= text.length; off++) {
    const p = positionAt(starts, off);
    if (text[off - 1] === '\r') continue; // between \r and \n there is no LSP position of its own
    assert.equal(offsetAt(starts, p, text.length), off, `offset ${off} -> ${JSON.stringify(p)}`);
  }
  // UTF-16 code units, as LSP counts them: the emoji is two.
  assert.deepEqual(positionAt(starts, text.indexOf('x')), { line: 1, character: 6 });
});

test('positions past the end of a line or the text are clamped', () => {
  const text = 'ab\ncd';
  const starts = computeLineStarts(text);
  assert.equal(offsetAt(starts, { line: 0, character: 99 }, text.length), 2);
  assert.equal(offsetAt(starts, { line: 9, character: 0 }, text.length), text.length);
  assert.deepEqual(spanToRange(starts, { start: 3, end: 5 }), {
    start: { line: 1, character: 0 },
    end: { line: 1, character: 2 },
  });
});
