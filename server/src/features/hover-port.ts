import { parsePortSpec } from '@switchyard/core';
import type { PortBinding } from '@switchyard/core';
import { get, isMap, isScalar, str } from '../yaml/tree';
import type { PNode } from '../yaml/tree';

/** A port mapping in words, from the short (`"127.0.0.1:8080:80/udp"`) or the long syntax. */
export function portHover(item: PNode | null): string | undefined {
  if (isScalar(item) && item.value !== null) {
    const spec = String(item.value);
    const parsed = parsePortSpec(spec);
    if (!parsed.ok) return `\`${spec}\` is not a valid port mapping: ${parsed.error}`;
    return describeBindings(parsed.value);
  }
  if (isMap(item)) {
    const target = str(get(item, 'target'));
    if (target === undefined) return 'long-syntax port without `target`: Docker needs the container port';
    const published = str(get(item, 'published')) ?? '';
    const hostIp = str(get(item, 'host_ip')) ?? '';
    const protocol = str(get(item, 'protocol')) ?? 'tcp';
    const spec = `${hostIp.includes(':') ? `[${hostIp}]` : hostIp}${hostIp ? ':' : ''}${published}${published || hostIp ? ':' : ''}${target}/${protocol}`;
    const parsed = parsePortSpec(spec);
    return parsed.ok ? describeBindings(parsed.value) : `not a valid port mapping: ${parsed.error}`;
  }
  return undefined;
}

function describeBindings(bindings: PortBinding[]): string {
  const first = bindings[0];
  if (first === undefined) return 'no ports';
  const last = bindings[bindings.length - 1] ?? first;
  const container =
    bindings.length > 1
      ? `container ports ${first.containerPort}–${last.containerPort}`
      : `container port ${first.containerPort}`;
  const proto = first.protocol.toUpperCase();
  const where = addressWords(first.hostIp);
  if (first.hostPort === null) {
    return `**${proto}** ${container}: published on a random free host port (${where}); see \`docker compose port\``;
  }
  const { start, end } = first.hostPort;
  const fixed = bindings.length > 1 || start === end;
  const hostSide = fixed
    ? bindings.length > 1
      ? `host ports ${start}–${last.hostPort?.end ?? end}`
      : `host port ${start}`
    : `the first free host port of ${start}–${end}`;
  return `**${proto}** ${hostSide} (${where}) → ${container}`;
}

function addressWords(ip: string): string {
  if (ip === '') return 'every host address, IPv4 and IPv6';
  if (ip === '0.0.0.0') return 'every IPv4 address of the host';
  if (ip === '::') return 'every IPv6 address of the host';
  if (ip === '127.0.0.1' || ip === '::1')
    return `loopback only, \`${ip}\`: not reachable from other machines`;
  return `only on \`${ip}\``;
}
