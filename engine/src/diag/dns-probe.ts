import { dnsQuery } from './dns-query';

/** `__dns-query JSON`: the child side of `diag.dns`, run inside the target's namespace. */
export async function dnsProbeMain(json: string): Promise<number> {
  const o = JSON.parse(json) as { server: string; name: string; type: string; timeoutMs: number };
  try {
    process.stdout.write(JSON.stringify(await dnsQuery(o)) + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}
