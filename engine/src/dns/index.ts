// The embedded DNS server's public surface (see README.md).
export { startDnsServer, type DnsServer, type DnsServerOptions } from './server';
export { createScopedResolver, type DnsResolver, type ResolveResult, type ScopedResolver } from './resolver';
export type { DnsView, DnsNetworkView, DnsEndpointView } from './view';
export { defaultLimits, silentLogger, type DnsLimits, type DnsLogger, type ListenAddress } from './options';
export type { DnsStats } from './stats';
export type { DnsRecord } from './response';
export { QTYPE, RCODE, DOCKER_TTL } from './constants';
