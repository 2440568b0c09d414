import { isIP } from 'node:net';

export type Proto = 'tcp' | 'udp' | 'sctp';

/** One parsed `--publish`: host port 0 = "pick a free one", a host range = "any free one in it" for 1 port. */
export interface PublishRequest {
  hostIp: string;
  /** No host IP given: 0.0.0.0 and, on a host with IPv6, [::] too (two mappings, as Docker). */
  dualStack?: boolean;
  hostPortStart: number;
  hostPortEnd: number;
  containerPort: number;
  protocol: Proto;
}

const port = (s: string): number | undefined =>
  /^\d{1,5}$/.test(s) && +s >= 1 && +s <= 65535 ? +s : undefined;

function range(s: string): [number, number] | undefined {
  const [a, b, extra] = s.split('-');
  const start = port(a ?? '');
  const end = b === undefined ? start : port(b);
  if (extra !== undefined || start === undefined || end === undefined || end < start) return undefined;
  return [start, end];
}

/** Parses `[IP:][HOSTPORT[-END]:]PORT[-END][/tcp|udp|sctp]` (Docker's syntax) into one request per port. */
export function parsePublish(spec: string): PublishRequest[] | string {
  const bad = `invalid publish spec "${spec}": use [IP:][HOSTPORT[-END]:]PORT[-END][/tcp|udp|sctp]`;
  const [body = '', proto = 'tcp', extra] = spec.split('/');
  if (extra !== undefined || !['tcp', 'udp', 'sctp'].includes(proto)) return bad;
  let hostIp = '';
  let rest = body;
  const v6 = /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(body);
  if (v6) [hostIp, rest] = [v6[1] as string, v6[2] as string];
  const parts = rest.split(':');
  if (!v6 && parts.length === 3) hostIp = parts.shift() as string;
  if (parts.length > 2 || (v6 && parts.length !== 2)) return bad;
  const dualStack = hostIp === '';
  if (dualStack) hostIp = '0.0.0.0';
  if (isIP(hostIp) === 0) return `invalid IP address ${hostIp} in publish spec "${spec}"`;
  const container = range(parts[parts.length - 1] ?? '');
  const host: [number, number] | undefined =
    parts.length === 2 && parts[0] !== '' ? range(parts[0] as string) : [0, 0];
  if (!container || !host) return bad;
  const n = container[1] - container[0] + 1;
  const hostN = host[1] - host[0] + 1;
  if (host[0] !== 0 && hostN !== n && n !== 1)
    return `invalid publish spec "${spec}": host and container port ranges differ in length`;
  return Array.from({ length: n }, (_, i) => ({
    hostIp,
    ...(dualStack ? { dualStack } : {}),
    hostPortStart: host[0] === 0 ? 0 : n === 1 ? host[0] : host[0] + i,
    hostPortEnd: host[0] === 0 ? 0 : n === 1 ? host[1] : host[0] + i,
    containerPort: container[0] + i,
    protocol: proto as Proto,
  }));
}
