import {
  HOST_FACT_FILES,
  hostFactsFromProc,
  SOCKET_OWNERS_ARGV,
  socketOwners,
  splitTailOutput,
} from '@switchyard/core';
import type { HostFacts } from '@switchyard/core';
import type { Transport } from '../transport/transport';

/**
 * The host's listening sockets, routes, interfaces and kernel, read from its /proc in one program run (one
 * round trip over SSH): `tail -n +1` prints each file after a `==> FILE <==` line and goes on past a file it
 * cannot read (no IPv6: no tcp6), so the rest still counts; `ss` beside it names the listeners' processes.
 * Undefined when nothing could be read.
 */
export async function readHostFacts(transport: Transport): Promise<HostFacts | undefined> {
  const [r, ss] = await Promise.all([
    transport.exec(['tail', '-n', '+1', '--', ...HOST_FACT_FILES]),
    // Who holds each listener, as far as this user may see (no ss, or not allowed: "a process").
    transport.exec([...SOCKET_OWNERS_ARGV]).catch(() => ({ code: 1, stdout: '', stderr: '' })),
  ]);
  if (r.stdout === '') return undefined;
  return hostFactsFromProc(splitTailOutput(r.stdout, HOST_FACT_FILES), socketOwners(ss.stdout));
}
