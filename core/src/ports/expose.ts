import { parseMobyPortRange } from './range';
import type { Parsed, PortRange } from './types';

export interface ExposedPorts {
  range: PortRange;
  /** Lower-cased, not validated: moby's ParsePortRange accepts any protocol text here. */
  protocol: string;
}

/**
 * An `expose` entry, `<port>[-<end>][/<proto>]`, as moby `network.ParsePortRange` reads it, with its error
 * texts (`invalid start port '80:80': invalid syntax`, …).
 */
export function parseExpose(raw: string): Parsed<ExposedPorts> {
  if (raw === '') return { ok: false, error: 'invalid port range: value is empty' };
  const slash = raw.indexOf('/');
  const ports = slash < 0 ? raw : raw.slice(0, slash);
  const proto = slash < 0 ? '' : raw.slice(slash + 1);
  const r = parseMobyPortRange(ports, raw);
  if ('error' in r) return { ok: false, error: r.error };
  return { ok: true, value: { range: r.value, protocol: proto === '' ? 'tcp' : proto.toLowerCase() } };
}
