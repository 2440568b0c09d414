import type { HostPort } from '@switchyard/protocol';
import type { Finding, FixHint } from '../finding';
import type { OwnedBinding } from './conflicts';
import { freePort } from './free';
import { collidingAddress, isFixed } from './overlap';

export interface HostClashOptions<R> {
  /** Display name of the host, for messages. */
  host: string;
  /** Holders to ignore, e.g. this project's own running containers, which `up` would recreate. */
  ignoreOwner?: (owner: string) => boolean;
  /** Ports the project itself asks for, kept out of suggested fixes. */
  used?: Iterable<number>;
  fix?: (binding: OwnedBinding<R>, free: number) => FixHint | undefined;
}

/**
 * HOST003: a fixed host port the project publishes is already taken on the connected host, by a container's
 * published port or by a listening socket. Same address rules as between services (§5).
 */
export function findHostPortClashes<R>(
  bindings: readonly OwnedBinding<R>[],
  taken: readonly HostPort[],
  options: HostClashOptions<R>,
): Finding<R>[] {
  const out: Finding<R>[] = [];
  const byPort = portIndex(taken);
  // Only a clash needs the set of ports to suggest a free one around: built once, on the first.
  let used: Set<number> | undefined;
  for (const b of bindings) {
    if (!isFixed(b)) continue;
    const port = b.hostPort.start;
    const holder = byPort
      .get(port)
      ?.find(
        (t) =>
          t.protocol === b.protocol &&
          !(options.ignoreOwner?.(t.owner) ?? false) &&
          collidingAddress(t.hostIp, b.hostIp) !== null,
      );
    if (!holder) continue;
    if (b.direct) {
      out.push(directClash(b, holder, options.host));
      continue;
    }
    const ip = collidingAddress(holder.hostIp, b.hostIp) ?? b.hostIp;
    used ??= new Set<number>([...(options.used ?? []), ...taken.map((t) => t.port)]);
    const free = freePort(used, port);
    const what =
      holder.kind === 'published'
        ? `Bind for ${ip}:${port} failed: port is already allocated: on ${options.host}, ${holder.owner} already publishes ${holder.hostIp}:${port}/${holder.protocol}`
        : `host port ${port}/${b.protocol} is already in use on ${options.host}: ${holder.owner} listens on ${holder.hostIp}:${port}, so Docker cannot bind it (address already in use)`;
    // A caller's fix that finds nothing to edit (say, a port written in another file) means no fix.
    const fix = free === undefined ? undefined : options.fix ? options.fix(b, free) : defaultFix(free);
    out.push({
      code: 'HOST003',
      severity: b.profiles.length === 0 ? 'error' : 'warning',
      message: free === undefined ? what : `${what}; use a free host port such as ${free}`,
      at: b.at,
      ...(fix ? { fix } : {}),
    });
  }
  return out;
}

/**
 * The host's sockets by port, in their order: a snapshot holds thousands, so each binding looks up its port
 * instead of walking them all. Kept per snapshot list (the server keeps the connected host's until the next).
 */
const indexes = new WeakMap<readonly HostPort[], Map<number, HostPort[]>>();

function portIndex(taken: readonly HostPort[]): Map<number, HostPort[]> {
  let index = indexes.get(taken);
  if (index !== undefined) return index;
  index = new Map();
  for (const t of taken) {
    const at = index.get(t.port);
    if (at === undefined) index.set(t.port, [t]);
    else at.push(t);
  }
  indexes.set(taken, index);
  return index;
}

/** A host-mode service binds the port itself: its process, not Docker, will fail; no edit of the file fixes it. */
function directClash<R>(
  b: OwnedBinding<R> & { hostPort: { start: number } },
  holder: HostPort,
  host: string,
): Finding<R> {
  return {
    code: 'HOST003',
    severity: 'warning',
    message:
      `${b.owner} uses network_mode: host and listens on port ${b.hostPort.start}/${b.protocol} itself, but on ${host} ` +
      `${holder.owner} already holds ${holder.hostIp}:${holder.port}; the process will fail with "address already in use"`,
    at: b.at,
  };
}

function defaultFix(port: number): FixHint {
  return { kind: 'replace', title: `Use free host port ${port}`, text: String(port) };
}
