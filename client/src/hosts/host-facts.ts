import { HOST_FACT_FILES, hostFactsFromProc, splitTailOutput } from '@switchyard/core';
import type { HostFacts } from '@switchyard/core';
import type { Transport } from './transport';

/**
 * The host's listening sockets, routes, interfaces and kernel, read from its /proc in one program run (one
 * round trip over SSH): `tail -n +1` prints each file after a `==> FILE <==` line and goes on past a file it
 * cannot read (no IPv6: no tcp6), so the rest still counts. Undefined when nothing could be read.
 */
export async function readHostFacts(transport: Transport): Promise<HostFacts | undefined> {
  const r = await transport.exec(['tail', '-n', '+1', '--', ...HOST_FACT_FILES]);
  if (r.stdout === '') return undefined;
  return hostFactsFromProc(splitTailOutput(r.stdout, HOST_FACT_FILES));
}
