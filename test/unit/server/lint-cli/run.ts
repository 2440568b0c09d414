// Runs the CLI in-process with captured output, in a scratch directory of the test's own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostSnapshot } from '@switchyard/protocol';
import { runCli } from '../../../../server/src/lint-cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  argv: string[],
  cwd: string,
  options: {
    isTTY?: boolean;
    snapshot?: (url: string) => Promise<HostSnapshot>;
    /** What `-` reads; undefined: stdin is a terminal. */
    stdin?: string;
  } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: options.isTTY ?? false,
    cwd,
    env: {},
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
    ...(options.stdin !== undefined
      ? { readStdin: () => Promise.resolve(options.stdin ?? ''), stdinIsTTY: false }
      : { stdinIsTTY: true }),
  });
  return { code, stdout, stderr };
}

/** A scratch directory with the given files; removed by the returned function. */
export function scratch(files: Record<string, string | Buffer>): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-cli-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}
