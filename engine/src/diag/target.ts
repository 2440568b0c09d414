import { request } from 'node:http';
import { z } from 'zod';
import type { DiagFrom } from '@switchyard/protocol';
import { EngineError } from '../errors';
import { findSandbox } from '../model/lookup';
import type { EngineContext } from '../engine-context';
import { ETC_NETNS } from '../exec/etc-files';

/** Where a probe runs: a namespace file to enter (none = the engine's own) and that place's resolv.conf. */
export interface Target {
  label: string;
  netnsPath?: string;
  /** A sandbox's named namespace: entered with `ip netns exec`, so names resolve with its own /etc files. */
  netnsName?: string;
  resolvConf: string;
  /** Its /etc/hosts, for targets whose names the engine resolves itself (entered by pid). */
  hostsFile?: string;
  /** A container's root (`/proc/<pid>/root`): its files are read inside it only (container-file.ts). */
  containerRoot?: string;
  captureDir: string;
}

const ContainerSchema = z.looseObject({
  State: z.looseObject({ Pid: z.number(), Running: z.boolean() }),
  Name: z.string(),
});

/** Asks the local dockerd for a container's pid (Docker Engine API over its Unix socket). */
function dockerPid(
  id: string,
  socketPath = process.env.DOCKER_SOCK ?? '/var/run/docker.sock',
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, path: `/containers/${encodeURIComponent(id)}/json`, method: 'GET' },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          if (res.statusCode === 404) return reject(EngineError.notFound(`No such container: ${id}`));
          const parsed = ContainerSchema.safeParse(JSON.parse(body || '{}'));
          if (res.statusCode !== 200 || !parsed.success)
            return reject(EngineError.kernel(`docker inspect ${id} failed: ${body.slice(0, 200)}`));
          if (!parsed.data.State.Running || parsed.data.State.Pid === 0)
            return reject(
              EngineError.invalid(`container ${id} is not running; start it to probe its network`),
            );
          resolve(parsed.data.State.Pid);
        });
      },
    );
    req.on('error', (e) => reject(EngineError.kernel(`cannot reach dockerd at ${socketPath}: ${e.message}`)));
    req.end();
  });
}

export async function resolveTarget(ctx: EngineContext, from: DiagFrom): Promise<Target> {
  const captureDir = ctx.captureDir;
  if ('sandbox' in from) {
    const sb = findSandbox(ctx.store.state, from.sandbox);
    if (sb.mode === 'host') return { label: sb.name, resolvConf: '/etc/resolv.conf', captureDir };
    return {
      label: sb.name,
      netnsPath: `/run/netns/${sb.netns}`,
      netnsName: sb.netns,
      resolvConf: `${ETC_NETNS}/${sb.netns}/resolv.conf`,
      captureDir,
    };
  }
  const pid = 'pid' in from ? from.pid : await dockerPid(from.container);
  const label = 'pid' in from ? `pid ${pid}` : `container ${from.container}`;
  return {
    label,
    netnsPath: `/proc/${pid}/ns/net`,
    resolvConf: `/proc/${pid}/root/etc/resolv.conf`,
    hostsFile: `/proc/${pid}/root/etc/hosts`,
    containerRoot: `/proc/${pid}/root`,
    captureDir,
  };
}

/** argv that runs `argv` inside the target's network namespace. */
export const inTarget = (t: Target, argv: string[]): string[] => {
  if (t.netnsName) return ['ip', 'netns', 'exec', t.netnsName, ...argv];
  // A container's namespace by pid: its network only (its image may lack every tool), so the probes
  // resolve names first as the container would (resolve-host.ts) and hand the tools an address.
  return t.netnsPath ? ['nsenter', `--net=${t.netnsPath}`, '--', ...argv] : argv;
};
