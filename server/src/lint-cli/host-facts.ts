import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { HOST_FACT_FILES, hostFactsFromProc, SOCKET_OWNERS_ARGV, socketOwners } from '@switchyard/core';
import type { HostFacts } from '@switchyard/core';

/**
 * This machine's listening sockets (named by `ss` where it may see them), routes, interfaces and kernel, from its
 * /proc (a file it cannot read is left out).
 */
export async function localHostFacts(): Promise<HostFacts> {
  const files = new Map<string, string>();
  await Promise.all(
    HOST_FACT_FILES.map(async (f) => {
      const text = await readFile(f, 'utf8').catch(() => undefined);
      if (text !== undefined) files.set(f, text);
    }),
  );
  const [cmd = 'ss', ...args] = SOCKET_OWNERS_ARGV;
  const ss = await new Promise<string>((resolve) =>
    execFile(cmd, args, { timeout: 5000 }, (err, stdout) => resolve(err ? '' : stdout)),
  );
  return hostFactsFromProc(files, socketOwners(ss));
}
