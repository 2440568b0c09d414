// Runs the embedded DNS server for the real-traffic tests and the benchmark, inside whatever network
// namespace it was started in: `node --import tsx serve-dns.ts CONFIG.json`. CONFIG holds
// { listen, upstreams, view, limits }. It prints `READY <listeners>` once bound, `STATS <json>` on
// SIGUSR2, and closes cleanly on SIGTERM.
import { readFileSync } from 'node:fs';
import {
  createScopedResolver,
  startDnsServer,
  type DnsLimits,
  type DnsView,
  type ListenAddress,
} from '../../../engine/src/dns/index';

interface Config {
  listen: ListenAddress[];
  upstreams?: string[];
  view: DnsView;
  limits?: Partial<DnsLimits>;
}

const path = process.argv[2];
if (path === undefined) throw new Error('usage: serve-dns.ts CONFIG.json');
const config = JSON.parse(readFileSync(path, 'utf8')) as Config;
const warn = (msg: string, fields?: Record<string, unknown>): void =>
  console.error(`WARN ${msg} ${JSON.stringify(fields ?? {})}`);
async function main(): Promise<void> {
  const server = await startDnsServer({
    listen: config.listen,
    resolver: createScopedResolver(config.view),
    upstreams: config.upstreams ?? [],
    limits: config.limits ?? {},
    log: { debug() {}, info() {}, warn, error: warn },
  });
  console.log(`READY ${JSON.stringify(server.listeners())}`);
  process.on('SIGUSR2', () => console.log(`STATS ${JSON.stringify(server.stats())}`));
  process.on('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

void main();
