import { parseGoIp, stripBrackets } from './ip';
import { parseNatPortRange } from './range';
import type { Parsed, PortBinding, PortProtocol } from './types';
import { isPortProtocol } from './types';

/** The three fields of a short-syntax port, split as go-connections `splitParts` does. */
export interface PortSpecParts {
  ip: string;
  host: string;
  container: string;
}

/** Split at `:`; with four or more parts the IP is everything before the last two (unbracketed IPv6). */
export function splitPortSpec(raw: string): PortSpecParts {
  const parts = raw.split(':');
  const n = parts.length;
  if (n === 1) return { ip: '', host: '', container: parts[0] ?? '' };
  if (n === 2) return { ip: '', host: parts[0] ?? '', container: parts[1] ?? '' };
  return { ip: parts.slice(0, n - 2).join(':'), host: parts[n - 2] ?? '', container: parts[n - 1] ?? '' };
}

/**
 * go-connections v0.7.0 `nat.ParsePortSpec`, check for check and message for message: the short port syntax
 * `[[ip:][hostPort]:]containerPort[/proto]` expanded to one binding per container port.
 */
export function parsePortSpec(raw: string): Parsed<PortBinding[]> {
  const { ip: rawIp, host, container: contProto } = splitPortSpec(raw);
  const slash = contProto.indexOf('/');
  const container = slash < 0 ? contProto : contProto.slice(0, slash);
  if (container === '') return fail(`no port specified: ${raw}<empty>`);
  const proto = (
    slash < 0 || slash === contProto.length - 1 ? 'tcp' : contProto.slice(slash + 1)
  ).toLowerCase();
  if (!isPortProtocol(proto)) return fail(`invalid proto: ${proto}`);

  let ip = rawIp;
  if (ip.startsWith('[')) {
    const stripped = stripBrackets(ip);
    if ('error' in stripped) return fail(`invalid IP address ${ip}: ${stripped.error}`);
    ip = stripped.host;
  }
  if (ip !== '' && parseGoIp(ip) === null) return fail(`invalid IP address: ${ip}`);

  const cont = parseNatPortRange(container);
  if (!cont) return fail(`invalid containerPort: ${container}`);
  const hostRange = host === '' ? null : parseNatPortRange(host);
  if (host !== '' && !hostRange) return fail(`invalid hostPort: ${host}`);
  if (hostRange && hostRange.end - hostRange.start !== cont.end - cont.start && cont.end !== cont.start) {
    return fail(`invalid ranges specified for container and host Ports: ${container} and ${host}`);
  }
  return { ok: true, value: expand(proto, ip, hostRange, cont.start, cont.end) };
}

function expand(
  protocol: PortProtocol,
  hostIp: string,
  host: { start: number; end: number } | null,
  start: number,
  end: number,
): PortBinding[] {
  const count = end - start + 1;
  // At its length: a pushed list keeps room for 16 more (about 130 bytes), and a project of 136,000
  // services keeps one of these per port item.
  const out = new Array<PortBinding>(count);
  for (let i = 0; i < count; i++) {
    let published = '';
    let hostPort: PortBinding['hostPort'] = null;
    if (host) {
      const p = host.start + i;
      // A single container port with a host range keeps the range: the engine picks a free port in it.
      const dynamic = count === 1 && host.start !== host.end;
      published = dynamic ? `${p}-${host.end}` : String(p);
      hostPort = dynamic ? { start: p, end: host.end } : { start: p, end: p };
      if (hostPort.start === 0 && hostPort.end === 0) hostPort = null;
    }
    out[i] = { protocol, hostIp, hostPort, published, containerPort: start + i };
  }
  return out;
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
