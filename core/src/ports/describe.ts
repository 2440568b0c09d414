import { parseGoIp } from './ip';
import { formatRange } from './range';
import type { PortBinding } from './types';

/** Where a binding listens, in words: `all IPv4 and IPv6 addresses`, `127.0.0.1`, … */
function addressInWords(hostIp: string): string {
  if (hostIp === '') return 'every host address (IPv4 and IPv6)';
  const ip = parseGoIp(hostIp);
  if (ip?.unspecified) return `every IPv${ip.family} address of the host`;
  return hostIp.includes(':') ? `[${hostIp}]` : hostIp;
}

/**
 * A binding in words, for hovers: `host port 8080 on every host address (IPv4 and IPv6) → container port
 * 80/tcp`, `a random host port …`, `the first free host port of 8000-9000 …`.
 */
export function describeBinding(b: PortBinding): string {
  const where = addressInWords(b.hostIp);
  const target = `container port ${b.containerPort}/${b.protocol}`;
  if (!b.hostPort) return `a random free host port on ${where} → ${target}`;
  if (b.hostPort.start === b.hostPort.end) return `host port ${b.hostPort.start} on ${where} → ${target}`;
  return `the first free host port of ${formatRange(b.hostPort)} on ${where} → ${target}`;
}

/**
 * A published port as `docker ps` shows it: `0.0.0.0:8080->80/tcp`, `:::8080->80/tcp`; several joined with
 * `, `. (The engine's `sandbox ls` and the extension's tree both print this.)
 */
export function formatPublished(
  ports: readonly { hostIp: string; hostPort: number; containerPort: number; protocol: string }[],
): string {
  return ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`).join(', ');
}
