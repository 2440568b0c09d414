// The daemon forks its processes from worker threads (engine/src/exec/spawn-thread.ts) so spawn() never
// holds its event loop. They must behave exactly as an inline spawn: stdin in, stdout/stderr/exit code
// out, a kill on timeout, a clear failure for a missing program, and LocalRunner falls back to an inline
// spawn once the threads are gone. Runs no network tool and needs no root.
import { after, describe, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  test('a session answers jobs from one process; a tool that holds its output back gets processes instead', async () => {
    const reused: boolean[] = [];
    const r = new LocalRunner((_c, _r, _ms, _fork, hit) => reused.push(hit), threads);
    // `sed -u` answers line by line: a session. Each job's lines come back, the end line's answer does not.
    const lineBuffered = {
      key: 'sed-u',
      argv: ['sed', '-u', 's/^/x/'],
      end: 'END',
      mark: 'xEND',
      idleMs: 5000,
    };
    const job = (stdin: string, session: typeof lineBuffered) => ({
      argv: ['sed', 's/^/x/'],
      stdin,
      session,
    });
    assert.equal((await r.run(job('a\nb\n', lineBuffered))).stdout, 'xa\nxb\n');
    assert.equal((await r.run(job('c\n', lineBuffered))).stdout, 'xc\n');
    assert.deepEqual(reused, [false, true]);
    // Plain `sed` into a pipe holds its output until it exits: the session's empty first job is never
    // answered, so that job and every later one for this tool run as a process of their own (the job's
    // own argv), with the same result.
    const blockBuffered = { ...lineBuffered, key: 'sed', argv: ['sed', 's/^/x/'] };
    assert.equal((await r.run(job('d\n', blockBuffered))).stdout, 'xd\n');
    assert.equal((await r.run(job('e\n', blockBuffered))).stdout, 'xe\n');
    assert.deepEqual(reused.slice(2), [false, false]);
    await threads.release('sed-u');
  });

  test('a tool that fails as a session but works as a process is not started as a session again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-spawn-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const tries = join(dir, 'tries');
    const reused: boolean[] = [];
    const r = new LocalRunner((_c, _r, _ms, _fork, hit) => reused.push(hit), threads);
    // As an nft built without its CLI: `nft -i` exits at once, `nft -f -` works.
    const session = {
      key: 'no-cli',
      argv: ['sh', '-c', `echo try >> ${tries}; exit 1`],
      end: 'END',
      mark: 'END',
      idleMs: 5000,
    };
    for (const text of ['one\n', 'two\n']) {
      const out = await r.run({ argv: ['cat'], stdin: text, session });
      assert.equal(out.stdout, text, 'done by a process of its own');
    }
    assert.deepEqual(reused, [false, false]);
    assert.equal(readFileSync(tries, 'utf8'), 'try\n', 'the session was tried once');
  });

  test('once the threads are stopped, commands still run (inline)', async () => {
    await threads.close();
    assert.equal(threads.run({ file: 'true', args: [], stdin: '' }), undefined);
    const r = await runner.run({ argv: ['cat'], stdin: 'still here' });
    assert.equal(r.stdout, 'still here');
  });
});
