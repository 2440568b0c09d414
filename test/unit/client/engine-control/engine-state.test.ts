import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reattachReason } from '../../../../client/src/engine-control/engine-state';

test('a settings change makes an absent or failed engine be looked for again, at the new socket', () => {
  // After a window reload the first look can go to the default socket before the user's settings arrive.
  assert.equal(
    reattachReason('absent', undefined, '/tmp/lab/engine.sock'),
    'the engine settings changed; looking for the engine at /tmp/lab/engine.sock',
  );
  assert.equal(
    reattachReason('failed', undefined, '/run/switchyard/engine.sock'),
    'the engine settings changed; looking for the engine at /run/switchyard/engine.sock',
  );
});

test('a connected engine is left alone unless its socket setting moved; a deploy under way always is', () => {
  assert.equal(
    reattachReason('connected', '/run/switchyard/engine.sock', '/run/switchyard/engine.sock'),
    undefined,
  );
  assert.equal(
    reattachReason('connected', '/run/switchyard/engine.sock', '/tmp/lab/engine.sock'),
    'the engine socket is now /tmp/lab/engine.sock (was /run/switchyard/engine.sock)',
  );
  assert.equal(reattachReason('connecting', undefined, '/tmp/lab/engine.sock'), undefined);
  assert.equal(reattachReason('connecting', '/a', '/b'), undefined);
});
