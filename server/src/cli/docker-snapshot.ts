import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { z } from 'zod';
import { snapshotFromDocker, swarmNodesFromInfo, withHostFacts } from '@switchyard/core';
import { DockerContainerSummarySchema, DockerNetworkSchema, HostSnapshotSchema } from '@switchyard/protocol';
import type { HostSnapshot } from '@switchyard/protocol';
import { localHostFacts } from './host-facts';
import { InputError } from './input';

/** How long one Docker API call may take before the lint gives up on the host. */
const TIMEOUT_MS = 15_000;

/**
 * Dockerode options for a `--docker-host` URL: `unix:///path`, `ssh://user@host[:port]` (through the SSH
 * agent, else the default key, running `docker system dial-stdio` on the host), `tcp://` or `http(s)://`.
 */
export function dockerOptions(url: string): Docker.DockerOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(
      `--docker-host ${url}: not a URL; use unix:///var/run/docker.sock or ssh://user@host`,
    );
  }
  switch (u.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(u.pathname), timeout: TIMEOUT_MS };
    case 'ssh:':
      return {
        protocol: 'ssh',
        host: u.hostname,
        port: u.port ? Number(u.port) : 22,
        username: decodeURIComponent(u.username) || process.env['USER'] || 'root',
        sshOptions: sshAuth(),
        timeout: TIMEOUT_MS,
      };
    case 'tcp:':
    case 'http:':
    case 'https:':
      return {
        protocol: u.protocol === 'https:' ? 'https' : 'http',
        host: u.hostname,
        port: u.port ? Number(u.port) : u.protocol === 'https:' ? 2376 : 2375,
        timeout: TIMEOUT_MS,
      };
    default:
      throw new InputError(
        `--docker-host ${url}: unsupported scheme ${u.protocol}; use unix://, ssh:// or tcp://`,
      );
  }
}

function sshAuth(): { agent?: string; privateKey?: Buffer } {
  const agent = process.env['SSH_AUTH_SOCK'];
  if (agent) return { agent };
  const key = ['id_ed25519', 'id_ecdsa', 'id_rsa']
    .map((k) => join(homedir(), '.ssh', k))
    .find((p) => existsSync(p));
  return key ? { privateKey: readFileSync(key) } : {};
}

/** A Docker reply that does not match the schema is an error that names the endpoint and the field. */
function parseReply<T>(schema: z.ZodType<T>, data: unknown, endpoint: string): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new InputError(
    `unexpected reply from Docker ${endpoint}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
  );
}

/**
 * The host snapshot of a Docker engine: every network with its subnets, driver and attached containers
 * (`GET /networks/{id}`, since the list omits containers) and the published ports of running containers.
 */
export async function dockerSnapshot(
  url: string,
  docker = new Docker(dockerOptions(url)),
): Promise<HostSnapshot> {
  try {
    const list = parseReply(
      z.array(z.looseObject({ Id: z.string() })),
      await docker.listNetworks(),
      'GET /networks',
    );
    // A network removed between the list and its inspect (404) is gone, not an error.
    const inspected = await Promise.all(
      list.map(async (n) => {
        const reply: unknown = await docker
          .getNetwork(n.Id)
          .inspect()
          .catch((err: unknown) => {
            if ((err as { statusCode?: number }).statusCode === 404) return undefined;
            throw err;
          });
        return reply === undefined
          ? undefined
          : parseReply(DockerNetworkSchema, reply, `GET /networks/${n.Id}`);
      }),
    );
    const networks = inspected.filter((n) => n !== undefined);
    const containers = parseReply(
      z.array(DockerContainerSummarySchema),
      await docker.listContainers(),
      'GET /containers/json',
    );
    let snapshot = snapshotFromDocker(displayHost(url), new Date().toISOString(), networks, containers);
    const version = z
      .looseObject({ Version: z.string() })
      .safeParse(await docker.version().catch(() => undefined));
    if (version.success) snapshot = { ...snapshot, dockerVersion: version.data.Version };
    // A swarm's node count: how many hosts `docker stack deploy` can place replicas on (NET161).
    const nodes = swarmNodesFromInfo(await docker.info().catch(() => undefined));
    if (nodes !== undefined) snapshot = { ...snapshot, nodes };
    // A Unix socket is this machine's Docker: its /proc tells the rest (listening sockets, routes, interfaces).
    if (url.startsWith('unix:')) snapshot = withHostFacts(snapshot, await localHostFacts());
    return HostSnapshotSchema.parse(snapshot);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read Docker at ${url}: ${describeDockerError(err)}`);
  }
}

function displayHost(url: string): string {
  if (url.startsWith('unix:')) return 'localhost';
  try {
    const u = new URL(url);
    return u.username ? `${decodeURIComponent(u.username)}@${u.hostname}` : u.hostname;
  } catch {
    return url;
  }
}

function describeDockerError(err: unknown): string {
  const e = err as { code?: string; message?: string; statusCode?: number; reason?: string };
  if (e.code === 'ENOENT') return 'no Docker socket there; is dockerd running?';
  if (e.code === 'EACCES')
    return 'permission denied on the Docker socket; add your user to the docker group or use sudo';
  if (e.code === 'ECONNREFUSED') return 'connection refused; is dockerd listening there?';
  if (e.statusCode !== undefined) return `HTTP ${e.statusCode}${e.reason ? ` ${e.reason}` : ''}`;
  return (e.message ?? String(err)).split('\n')[0] ?? 'unknown error';
}
