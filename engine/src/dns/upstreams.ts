// Parses the upstream resolver list: at most three (libnetwork maxExtDNS), never one of our own listeners
// (forwarding to ourselves would loop until the timeout), each with a clear reason when rejected.
import { parseIPv4, parseIPv6, formatIPv6 } from './addr';
import { MAX_UPSTREAMS } from './constants';
import type { ListenAddress, Upstream } from './options';

export interface ParsedUpstreams {
  upstreams: Upstream[];
  /** One line per rejected entry: what, and what to do. */
  problems: string[];
}

export function parseUpstreams(specs: readonly string[], own: readonly ListenAddress[]): ParsedUpstreams {
  const upstreams: Upstream[] = [];
  const problems: string[] = [];
  for (const spec of specs) {
    const u = parseUpstream(spec);
    if (u === undefined) {
      problems.push(`upstream DNS "${spec}" is not an IP address (expected IP, IP:PORT or [IPv6]:PORT)`);
    } else if (own.some((l) => l.address === u.address && l.port === u.port)) {
      problems.push(`upstream DNS "${spec}" is one of our own listeners; it was skipped to avoid a loop`);
    } else if (upstreams.length >= MAX_UPSTREAMS) {
      problems.push(`upstream DNS "${spec}" ignored: at most ${MAX_UPSTREAMS} upstream resolvers are used`);
    } else {
      upstreams.push(u);
    }
  }
  return { upstreams, problems };
}

export function parseUpstream(spec: string): Upstream | undefined {
  const s = spec.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) return v6(bracketed[1] ?? '', bracketed[2]);
  const v4port = /^([\d.]+)(?::(\d+))?$/.exec(s);
  if (v4port) {
    const bytes = parseIPv4(v4port[1] ?? '');
    const port = portOf(v4port[2]);
    return bytes && port !== undefined ? { address: bytes.join('.'), port, family: 4 } : undefined;
  }
  return v6(s, undefined);
}

function v6(text: string, portText: string | undefined): Upstream | undefined {
  const bytes = parseIPv6(text);
  const port = portOf(portText);
  return bytes && port !== undefined ? { address: formatIPv6(bytes), port, family: 6 } : undefined;
}

function portOf(text: string | undefined): number | undefined {
  if (text === undefined) return 53;
  const n = Number(text);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}
