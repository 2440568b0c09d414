// The daemon forks its processes from worker threads (engine/src/exec/spawn-thread.ts) so spawn() never
// holds its event loop. They must behave exactly as an inline spawn: stdin in, stdout/stderr/exit code
// out, a kill on timeout, a clear failure for a missing program, and LocalRunner falls back to an inline
// spawn once the threads are gone. Runs no network tool and needs no root.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalRunner } from '../../engine/src/exec/local-runner';
import { SpawnThreads } from '../../engine/src/exec/spawn-thread';

describe('engine: processes forked from spawn threads', () => {
  const threads = new SpawnThreads(2);
  const seen: number[] = [];
  const runner = new LocalRunner((_cmd, _r, _ms, forkMs) => seen.push(forkMs), threads);
  after(() => threads.close());

  test('stdin reaches the process, its stdout and exit code come back, in parallel', async () => {
    const inputs = Array.from({ length: 12 }, (_, i) => `line ${i}\n`);
    const results = await Promise.all(inputs.map((stdin) => runner.run({ argv: ['cat'], stdin })));
    assert.deepEqual(
      results.map((r) => r.stdout),
      inputs,
    );
    assert.ok(results.every((r) => r.exitCode === 0));
    assert.equal(seen.length, 12, 'the observer sees every command');
  });

  test('a failing program, a missing one, and a timeout', async () => {
    assert.equal((await runner.run({ argv: ['false'] })).exitCode, 1);
    const missing = await runner.run({ argv: ['switchyard-no-such-program'] });
    assert.notEqual(missing.exitCode, 0);
    assert.match(missing.stderr, /ENOENT/);
    const killed = await runner.run({ argv: ['sleep', '30'], timeoutMs: 100 });
    assert.equal(killed.exitCode, 128, 'killed by SIGKILL');
  });

  test('once the threads are stopped, commands still run (inline)', async () => {
    await threads.close();
    assert.equal(threads.run({ file: 'true', args: [], stdin: '' }), undefined);
    const r = await runner.run({ argv: ['cat'], stdin: 'still here' });
    assert.equal(r.stdout, 'still here');
  });
});
