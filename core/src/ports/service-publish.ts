/** One published port of a swarm-style service (protocol/'s ServicePort, without importing it). */
export interface ServicePublish {
  published: number;
  target: number;
  protocol: 'tcp' | 'udp';
  mode: 'ingress' | 'host';
}

const port = (v: string, what: string): number | string => {
  const n = /^\d{1,5}$/.test(v) ? Number(v) : NaN;
  return n >= 1 && n <= 65535 ? n : `invalid ${what} port "${v}": use a number from 1 to 65535`;
};

/**
 * `service create --publish`: Docker's short form `P:T[/tcp|udp]`, optionally after `mode=ingress|host,`,
 * or its long form `published=P,target=T[,protocol=tcp|udp][,mode=ingress|host]`. Returns the port or the
 * reason it is not one. A range or a host IP is refused: a service's port is one number on every host.
 */
export function parseServicePublish(spec: string): ServicePublish | string {
  if (spec.length > 200) return `--publish "${spec.slice(0, 40)}…": too long`;
  const fields: Record<string, string> = {};
  let short: string | undefined;
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (short !== undefined) return `--publish "${spec}": more than one P:T`;
      short = part.trim();
      continue;
    }
    const key = part.slice(0, eq).trim();
    if (!['mode', 'published', 'target', 'protocol'].includes(key))
      return `--publish "${spec}": unknown field "${key}" (use mode, published, target, protocol)`;
    fields[key] = part.slice(eq + 1).trim();
  }
  if (short !== undefined) {
    const m = /^(\d+):(\d+)(?:\/(\w+))?$/.exec(short);
    if (!m) return `--publish "${spec}": use [mode=ingress|host,]PUBLISHED:TARGET[/tcp|udp]`;
    fields.published ??= m[1] as string;
    fields.target ??= m[2] as string;
    if (m[3]) fields.protocol ??= m[3];
  }
  if (!fields.target) return `--publish "${spec}": no target port`;
  if (!fields.published) return `--publish "${spec}": no published port (the engine does not pick one)`;
  const protocol = (fields.protocol ?? 'tcp').toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp')
    return `--publish "${spec}": protocol "${protocol}" is not tcp or udp`;
  const mode = fields.mode ?? 'ingress';
  if (mode !== 'ingress' && mode !== 'host')
    return `--publish "${spec}": mode "${mode}" is not ingress or host`;
  const published = port(fields.published, 'published');
  const target = port(fields.target, 'target');
  if (typeof published === 'string') return published;
  if (typeof target === 'string') return target;
  return { published, target, protocol, mode };
}
