import { readFile } from 'node:fs/promises';
import { HOST_FACT_FILES, hostFactsFromProc } from '@switchyard/core';
import type { HostFacts } from '@switchyard/core';

/** This machine's listening sockets, routes, interfaces and kernel, from its /proc (a file it cannot read is left out). */
export async function localHostFacts(): Promise<HostFacts> {
  const files = new Map<string, string>();
  await Promise.all(
    HOST_FACT_FILES.map(async (f) => {
      const text = await readFile(f, 'utf8').catch(() => undefined);
      if (text !== undefined) files.set(f, text);
    }),
  );
  return hostFactsFromProc(files);
}
