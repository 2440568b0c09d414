import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Hover } from 'vscode-languageserver';
import { LspClient } from '../../../lsp/client';
import { mutatedDocument, seeds } from './mutate';

/**
 * The real server over stdio, fed mutated documents as the user would type them: every version must get
 * its diagnostics, requests keep being answered, nothing is logged as a failure and the process stays up.
 */
test(
  'server: mutated documents never crash it, hang it or make a handler fail',
  { timeout: 300_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-prop-'));
    const client = await LspClient.start(dir, { fromSource: true });
    try {
      const docs = fc.sample(mutatedDocument(seeds()), { numRuns: 1000, seed: 4242 });
      const uri = await client.open(join(dir, 'compose.yaml'), docs[0] ?? '');
      for (const [i, text] of docs.entries()) {
        const version = await client.change(uri, text);
        // Every tenth version: wait for its diagnostics and ask for a hover and completion at some offset.
        if (i % 10 !== 9) continue;
        await client.diagnostics(uri, () => true, version, 20_000);
        const line = i % Math.max(1, text.split('\n').length);
        await client.request<Hover | null>('textDocument/hover', {
          textDocument: { uri },
          position: { line, character: 6 },
        });
        await client.request('textDocument/completion', {
          textDocument: { uri },
          position: { line, character: 12 },
        });
        await client.request('textDocument/documentSymbol', { textDocument: { uri } });
        assert.ok(client.alive, `server exited after version ${version}`);
      }
      const failures = client.logs.filter((l) => l.includes('failed'));
      assert.deepEqual(failures, [], 'handlers or rules failed on some document');
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
