import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { notingTextDocuments } from '../../../../server/src/lsp/text-document';
import {
  editSince,
  forgetEdits,
  knownText,
  sameText,
  stillAbsent,
  textMark,
  WordsInText,
} from '../../../../server/src/yaml/text-edits';
import { ParseCache, parseYaml } from '../../../../server/src/yaml/parse';
import { IGNORE_WORD } from '../../../../server/src/findings/ignore-comments';
import { seeds } from '../property/mutate';

/**
 * The editor's change ranges stand in for comparing whole texts after a keystroke (yaml/text-edits.ts): the
 * edit they give between two texts must hold (the texts agree outside it), whatever the changes were (several
 * per notification, several notifications before the next parse, reversed or wider-than-needed ranges), and
 * the parse cache that uses them must still give the fresh parse's tree.
 */
const FILE = '/p/compose.yaml';
const URI = 'file:///p/compose.yaml';

interface Change {
  from: number;
  to: number;
  text: string;
  reversed: boolean;
}

const PIECES = [
  '',
  ' ',
  '1',
  '\n',
  '\r\n',
  'x: 1\n',
  '  - a\n',
  '#',
  ': ',
  IGNORE_WORD,
  `# ${IGNORE_WORD} NET010\n`,
];
const changeArb: fc.Arbitrary<Change> = fc.record({
  from: fc.nat(),
  to: fc.nat({ max: 60 }),
  text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 5 })),
  reversed: fc.boolean(),
});

/** Words whose presence WordsInText keeps per file: one character, a word, the ignore word typed in parts. */
const WORDS = ['*', '#', ': ', IGNORE_WORD];

/** Applies changes by offsets, as the editor would send them: each as an LSP range over the current text. */
function send(
  doc: TextDocument,
  changes: Change[],
  version: number,
): { doc: TextDocument; expected: string } {
  let expected = doc.getText();
  const events = changes.map((c) => {
    const start = c.from % (expected.length + 1);
    const end = Math.min(expected.length, start + c.to);
    const range = { start: scratchPosition(expected, start), end: scratchPosition(expected, end) };
    expected = expected.slice(0, start) + c.text + expected.slice(end);
    return { range: c.reversed ? { start: range.end, end: range.start } : range, text: c.text };
  });
  return { doc: notingTextDocuments.update(doc, events, version), expected };
}

/** Line and character of an offset, counting `\n` only as the LSP library does (a `\r\n` ends one line). */
function scratchPosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  // An offset between \r and \n is the end of the line's content for the library.
  const character = offset - start;
  return { line, character: text[offset - 1] === '\r' && text[offset] === '\n' ? character - 1 : character };
}

test('the editor range between the parsed text and the current one holds, and the parse with it is the fresh one', () => {
  const seen = { parses: 0, known: 0, queued: 0, changed: 0 };
  fc.assert(
    fc.property(
      fc.constantFrom(...seeds()),
      fc.array(fc.array(changeArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 10 }),
      fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
      (seed, notifications, parseAfter) => {
        forgetEdits();
        let doc = notingTextDocuments.create(URI, 'yaml', 1, seed);
        const cache = new ParseCache();
        let parsed = doc.getText();
        let mark = textMark(parsed);
        cache.parse(parsed, FILE);
        let known = knownText(parsed);
        const words = new WordsInText(WORDS);
        words.of(FILE, parsed);
        notifications.forEach((changes, i) => {
          const sent = send(doc, changes, i + 2);
          doc = sent.doc;
          const text = doc.getText();
          if (text !== sent.expected) return; // a range split a \r\n: positions differ from the byte offsets
          if (!parseAfter[i] && i < notifications.length - 1) return; // queued: the next parse sees several
          const edit = editSince(mark, text);
          seen.parses++;
          if (i > 0 && !parseAfter[i - 1]) seen.queued++;
          if (edit !== undefined) {
            seen.known++;
            assert.ok(edit.prefix + edit.suffix <= Math.min(parsed.length, text.length));
            assert.equal(text.slice(0, edit.prefix), parsed.slice(0, edit.prefix));
            assert.equal(text.slice(text.length - edit.suffix), parsed.slice(parsed.length - edit.suffix));
          }
          const absentBefore = !parsed.includes(IGNORE_WORD);
          if (absentBefore) assert.equal(stillAbsent(mark, text, IGNORE_WORD), !text.includes(IGNORE_WORD));
          // The same text by marks only when it is: a consumer that kept what it read of `parsed` may reuse it.
          if (sameText(known, text)) assert.equal(text, parsed);
          else seen.changed++;
          assert.deepEqual(
            words.of(FILE, text),
            WORDS.map((w) => text.includes(w)),
          );
          assert.deepStrictEqual(cache.parse(text, FILE), parseYaml(text, FILE));
          parsed = text;
          mark = textMark(text);
          known = knownText(text);
        });
      },
    ),
    { numRuns: 600 },
  );
  // It reached what it is about: most parses had the editor's range, several after queued notifications.
  assert.ok(seen.known > seen.parses * 0.8, JSON.stringify(seen));
  assert.ok(seen.queued > 200, JSON.stringify(seen));
  assert.ok(seen.changed > seen.parses * 0.5, JSON.stringify(seen));
});

test('a keystroke typed through the documents is known as an edit, and the parse reuses the other entries', () => {
  forgetEdits();
  const text = ['services:', '  a:', '    image: x', '  b:', '    image: y', '  c:', '    image: z', ''].join(
    '\n',
  );
  let doc = notingTextDocuments.create(URI, 'yaml', 1, text);
  const cache = new ParseCache();
  cache.parse(text, FILE);
  const range = { start: { line: 4, character: 11 }, end: { line: 4, character: 12 } };
  const opened = textMark(text);
  assert.notEqual(opened, undefined);
  doc = notingTextDocuments.update(doc, [{ range, text: 'q' }], 2);
  const edit = editSince(opened, doc.getText());
  assert.deepEqual(edit, { prefix: text.indexOf('y'), suffix: text.length - text.indexOf('y') - 1 });
  cache.counts.reused = 0;
  assert.deepStrictEqual(cache.parse(doc.getText(), FILE), parseYaml(doc.getText(), FILE));
  assert.equal(cache.counts.reused, 2);
  // A typed-over character the same as before is still an edit (wider than the true change, never narrower).
  const typed = textMark(doc.getText());
  const again = notingTextDocuments.update(doc, [{ range, text: 'q' }], 3);
  assert.deepEqual(editSince(typed, again.getText()), edit);
  // What a consumer keeps to know a text again: the mark of a typed text (never the 1 MB text itself, which would
  // stay alive through the next validation), a text without a mark (read from disk) itself.
  assert.equal(knownText(again.getText()).text, undefined);
  assert.equal(knownText('x: 1\n').text, 'x: 1\n');
  // A text that is no document's latest has no mark, and no edit is known from it.
  assert.equal(textMark(text), undefined);
  assert.equal(editSince(undefined, again.getText()), undefined);
});

test('the word searched only in the changed part: typed in, it is found; elsewhere it is still absent', () => {
  forgetEdits();
  const text = 'services:\n  a:\n    image: x\n';
  const doc = notingTextDocuments.create(URI, 'yaml', 1, text);
  const before = textMark(doc.getText());
  // Typed in two halves across two notifications: the word spans both changes.
  const half = IGNORE_WORD.slice(0, 8);
  notingTextDocuments.update(
    doc,
    [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: `# ${half}` }],
    2,
  );
  notingTextDocuments.update(
    doc,
    [
      {
        range: {
          start: { line: 3, character: 2 + half.length },
          end: { line: 3, character: 2 + half.length },
        },
        text: IGNORE_WORD.slice(8),
      },
    ],
    3,
  );
  assert.equal(stillAbsent(before, doc.getText(), IGNORE_WORD), false);
  // Typed elsewhere: searched in the changed part only, and absent.
  const typed = textMark(doc.getText());
  notingTextDocuments.update(
    doc,
    [{ range: { start: { line: 2, character: 11 }, end: { line: 2, character: 12 } }, text: 'y' }],
    4,
  );
  // A word ending at the typed character is found through the widened window; another is still absent.
  assert.equal(stillAbsent(typed, doc.getText(), 'image: y'), false);
  assert.equal(stillAbsent(typed, doc.getText(), 'NET999'), true);
});
