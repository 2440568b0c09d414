// Every process the engine runs (kernel tools, `sandbox exec`) is bounded in time and in output, whether it
// runs inline or from the spawn threads. Local processes only (`yes`, `sleep`): no network.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_COMMAND_LIMITS } from '../../../../engine/src/exec/command';
import { LocalRunner } from '../../../../engine/src/exec/local-runner';
import { SpawnThreads } from '../../../../engine/src/exec/spawn-thread';

const threads = new SpawnThreads(1);
after(() => threads.close());

for (const [where, runner] of [
  ['inline', new LocalRunner()],
  ['spawn thread', new LocalRunner(undefined, threads)],
] as const) {
  test(`${where}: a command printing without end is killed at the output limit, saying so`, async () => {
    const r = await runner.run({ argv: ['yes', 'switchyard'], maxOutputBytes: 256 * 1024 });
    assert.equal(r.exitCode, 128, 'killed');
    assert.ok(r.stdout.length <= 256 * 1024, `kept ${r.stdout.length} bytes`);
    assert.match(r.stderr, /yes: killed: output over 262144 bytes/);
  });

  test(`${where}: a command that does not exit is killed at its time limit, saying so`, async () => {
    const r = await runner.run({ argv: ['sleep', '60'], timeoutMs: 300 });
    assert.equal(r.exitCode, 128, 'killed');
    assert.match(r.stderr, /sleep: killed: no exit within 300 ms/);
  });

  test(`${where}: a normal command is untouched`, async () => {
    const r = await runner.run({ argv: ['echo', 'hi'] });
    assert.deepEqual([r.exitCode, r.stdout, r.stderr], [0, 'hi\n', '']);
  });
}

test('the defaults bound every command that names no limit', () => {
  assert.ok(DEFAULT_COMMAND_LIMITS.timeoutMs > 0 && DEFAULT_COMMAND_LIMITS.timeoutMs <= 600_000);
  assert.ok(
    DEFAULT_COMMAND_LIMITS.maxOutputBytes > 0 && DEFAULT_COMMAND_LIMITS.maxOutputBytes <= 64 * 1024 * 1024,
  );
});
