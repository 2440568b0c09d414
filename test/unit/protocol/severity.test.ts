import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeveritySchema } from '@switchyard/protocol';

test('protocol severities are the four LSP words', () => {
  assert.deepEqual(SeveritySchema.options, ['error', 'warning', 'information', 'hint']);
  assert.equal(SeveritySchema.safeParse('fatal').success, false);
});
