import type { Finding, Located } from '../finding';
import { parseGoIp } from './ip';
import { parseMobyPortRange } from './range';
import type { PortBinding, PortProtocol } from './types';
import { isPortProtocol } from './types';

type Raw = string | number | boolean | null | undefined;

/** The fields of one long-syntax `ports` item, each with the caller's handle on where it is written. */
export interface LongPortFields<R> {
  target?: Located<Raw, R>;
  published?: Located<Raw, R>;
  host_ip?: Located<Raw, R>;
  protocol?: Located<Raw, R>;
  mode?: Located<Raw, R>;
}

export interface LongPortContext<R> {
  service: string;
  /** Index of the item in the service's `ports` list (for compose-go's path texts). */
  index: number;
  /** Where the item itself is written. */
  at: R;
}

export interface LongPortResult<R> {
  /** Present when the item is usable: the binding plus where its `published` value is written. */
  binding?: PortBinding & { publishedAt: R };
  findings: Finding<R>[];
}

/**
 * Checks a long-syntax port as compose-go and the engine do (NET103-NET108) and returns its binding.
 * A field whose value is broken yields its finding and no binding.
 */
export function checkLongPort<R>(f: LongPortFields<R>, ctx: LongPortContext<R>): LongPortResult<R> {
  const findings: Finding<R>[] = [];
  const err = (code: string, message: string, at: R) =>
    findings.push({ code, severity: 'error', message, at });
  if (!f.target || f.target.value === null || f.target.value === undefined) {
    err(
      'NET104',
      `service ports services.${ctx.service}.ports.[${ctx.index}] is missing a target port`,
      ctx.at,
    );
    return { findings };
  }
  const protocol = checkProtocol(f.protocol, err);
  const target = checkTarget(f.target, protocol ?? 'tcp', ctx, err);
  const hostIp = checkHostIp(f.host_ip, ctx, err);
  const hostPort = checkPublished(f.published, err);
  // moby upper-cases the mode before looking it up, so `HOST` is host; an unknown one silently becomes ingress.
  if (f.mode && f.mode.value !== null && !['host', 'ingress'].includes(String(f.mode.value).toLowerCase())) {
    findings.push({
      code: 'NET108',
      severity: 'information',
      message: `mode "${String(f.mode.value)}" is not one of host, ingress; plain Compose ignores it and swarm takes it as ingress`,
      at: f.mode.at,
    });
  }
  if (target === null || protocol === null || hostIp === null || hostPort === null) return { findings };
  const published =
    f.published?.value === undefined || f.published.value === null ? '' : String(f.published.value);
  return {
    findings,
    binding: {
      protocol,
      hostIp,
      hostPort: hostPort.range,
      published,
      containerPort: target,
      publishedAt: f.published?.at ?? ctx.at,
    },
  };
}

type Err<R> = (code: string, message: string, at: R) => void;

function checkProtocol<R>(p: Located<Raw, R> | undefined, err: Err<R>): PortProtocol | null {
  if (!p || p.value === null || p.value === undefined || p.value === '') return 'tcp';
  const s = String(p.value).toLowerCase();
  if (isPortProtocol(s)) return s;
  err(
    'NET107',
    `protocol "${String(p.value)}" is not tcp, udp or sctp: the engine's port allocator refuses it (unknown protocol)`,
    p.at,
  );
  return null;
}

/** compose-go casts a string target with strconv.Atoi; the engine refuses 0 and anything above 65535. */
function checkTarget<R>(
  t: Located<Raw, R>,
  proto: string,
  ctx: LongPortContext<R>,
  err: Err<R>,
): number | null {
  const v = t.value;
  let n: number;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) {
      err('NET105', `services.${ctx.service}.ports.[${ctx.index}].target must be an integer, not ${v}`, t.at);
      return null;
    }
    n = v;
  } else if (typeof v === 'string' && /^[+-]?[0-9]+$/.test(v)) {
    n = Number(v);
  } else {
    err(
      'NET105',
      `error while interpolating services.${ctx.service}.ports.[].target: failed to cast to expected type: strconv.Atoi: parsing ${JSON.stringify(String(v))}: invalid syntax`,
      t.at,
    );
    return null;
  }
  if (n < 1 || n > 65535) {
    err('NET105', `invalid port specification: "${n}/${proto}"`, t.at);
    return null;
  }
  return n;
}

function checkHostIp<R>(h: Located<Raw, R> | undefined, ctx: LongPortContext<R>, err: Err<R>): string | null {
  if (!h || h.value === null || h.value === undefined || h.value === '') return '';
  const ip = String(h.value);
  if (parseGoIp(ip)) return ip;
  err('NET103', `services.${ctx.service}.ports[${ctx.index}]: invalid ip address: ${ip}`, h.at);
  return null;
}

function checkPublished<R>(
  p: Located<Raw, R> | undefined,
  err: Err<R>,
): { range: PortBinding['hostPort'] } | null {
  if (!p || p.value === null || p.value === undefined || p.value === '') return { range: null };
  const text = String(p.value);
  const r = typeof p.value === 'boolean' ? { error: 'bool' } : parseMobyPortRange(text);
  if ('error' in r) {
    err('NET106', `invalid port specification: "${text}"`, p.at);
    return null;
  }
  return { range: r.value.start === 0 && r.value.end === 0 ? null : r.value };
}
