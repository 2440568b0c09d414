import { parsePortSpec } from '@switchyard/core';
import type { PortProtocol } from '@switchyard/core';

export type Proto = PortProtocol;

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

/**
 * `[IP:][HOSTPORT[-END]:]PORT[-END][/tcp|udp|sctp]`, Docker's `--publish`, into one request per port: core's
 * `parsePortSpec` (go-connections' ParsePortSpec, the parser the language server checks compose ports with),
 * shaped for the engine's port reservations. Container port 0 is refused: nothing can listen on it.
 */
export function parsePublish(spec: string): PublishRequest[] | string {
  const parsed = parsePortSpec(spec);
  if (!parsed.ok) return `invalid publish spec "${spec}": ${parsed.error}`;
  if (parsed.value.some((b) => b.containerPort === 0))
    return `invalid publish spec "${spec}": invalid containerPort: 0`;
  return parsed.value.map((b) => ({
    hostIp: b.hostIp === '' ? '0.0.0.0' : b.hostIp,
    ...(b.hostIp === '' ? { dualStack: true } : {}),
    hostPortStart: b.hostPort?.start ?? 0,
    hostPortEnd: b.hostPort?.end ?? 0,
    containerPort: b.containerPort,
    protocol: b.protocol,
  }));
}
