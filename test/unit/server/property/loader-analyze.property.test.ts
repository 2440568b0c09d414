import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadProject } from '../../../../server/src/compose/loader';
import { analyze } from '../../../../server/src/analyze';
import { completion } from '../../../../server/src/features/completion';
import { featureContext } from '../../../../server/src/features/context';
import { hover } from '../../../../server/src/features/hover';
import { documentSymbols } from '../../../../server/src/features/symbols';
import { positionAt } from '../../../../server/src/lsp/positions';
import { mutatedDocument, seeds } from './mutate';

const FILE = '/project/compose.yaml';
const all = seeds();

test('loader + analyze: never throw on mutated documents, and every finding points inside its file', () => {
  fc.assert(
    fc.property(mutatedDocument(all), (text) => {
      const project = loadProject({
        files: [FILE],
        reader: { read: (p) => (p === FILE ? text : undefined) },
        env: {},
      });
      const findings = analyze(project, null);
      for (const f of findings) {
        const src = project.sources.get(f.at.file);
        assert.ok(src, `${f.code} points at a file that was not read: ${f.at.file}`);
        assert.ok(
          0 <= f.at.start && f.at.start <= f.at.end && f.at.end <= src.text.length,
          `${f.code} span out of range`,
        );
        assert.ok(f.message.length > 0, `${f.code} without a message`);
      }
    }),
    { numRuns: 3000 },
  );
});

test('editor features: never throw at any offset of a mutated document', () => {
  fc.assert(
    fc.property(mutatedDocument(all), fc.nat(), (text, at) => {
      const project = loadProject({
        files: [FILE],
        reader: { read: (p) => (p === FILE ? text : undefined) },
        env: {},
      });
      const src = project.sources.get(FILE);
      if (src === undefined) return;
      const offset = at % (text.length + 1);
      const ctx = featureContext(project, FILE, positionAt(src.lineStarts, offset));
      if (ctx) hover(ctx);
      completion({ project, text, lineStarts: src.lineStarts, offset, host: null });
      documentSymbols(project, src);
    }),
    { numRuns: 1500 },
  );
});
