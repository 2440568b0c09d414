/** The protocols Docker's port parser and allocator accept. */
export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export const PORT_PROTOCOLS: readonly PortProtocol[] = ['tcp', 'udp', 'sctp'];

export function isPortProtocol(s: string): s is PortProtocol {
  return (PORT_PROTOCOLS as readonly string[]).includes(s);
}

/** Inclusive port range; a single port has start === end. */
export interface PortRange {
  start: number;
  end: number;
}

/**
 * One container port published (or not) on the host, as the engine receives it after Compose expanded the
 * short or long syntax: one binding per container port.
 */
export interface PortBinding {
  protocol: PortProtocol;
  /** Host address as written (brackets stripped); '' means every address, IPv4 and IPv6. */
  hostIp: string;
  /**
   * null: no host port (or 0), the engine picks an ephemeral one. start === end: a fixed port.
   * start < end: the engine takes the first free port of the range.
   */
  hostPort: PortRange | null;
  /** Docker's own spelling of the host port: '', '8080' or '8000-9000'. */
  published: string;
  containerPort: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
