import { homedir, userInfo } from 'node:os';
import Docker from 'dockerode';
import { withHostFacts } from '@switchyard/core';
import { HostSnapshotSchema } from '@switchyard/protocol';
import type { HostSnapshot } from '@switchyard/protocol';
import { DockerReplyError, readDockerSnapshot } from '@switchyard/hostio';
import { localHostFacts } from './host-facts';
import { InputError } from './input';
import { openSshDocker } from './ssh-docker';

/** How long one Docker API call may take before the lint gives up on the host. */
const TIMEOUT_MS = 15_000;

/**
 * Dockerode options for a `--docker-host` URL: `unix:///path`, `tcp://` or `http(s)://`. `ssh://` URLs go
 * through `openSshDocker` (host keys checked against known_hosts, ~/.ssh/config with Include and ProxyJump).
 */
export function dockerOptions(url: string): Docker.DockerOptions {
  const u = parseDockerUrl(url);
  switch (u.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(u.pathname), timeout: TIMEOUT_MS };
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

/** The login name ssh would use: the local account's (USER when the account has no passwd entry). */
function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] || 'root';
  }
}

function parseDockerUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new InputError(
      `--docker-host ${url}: not a URL; use unix:///var/run/docker.sock or ssh://user@host`,
    );
  }
}

/**
 * The host snapshot of a Docker engine: every network with its subnets, driver and attached containers
 * (`GET /networks/{id}`, since the list omits containers) and the published ports of running containers.
 */
export async function dockerSnapshot(
  url: string,
  given?: Docker,
  warn: (line: string) => void = () => undefined,
): Promise<HostSnapshot> {
  const ssh =
    !given && parseDockerUrl(url).protocol === 'ssh:'
      ? await openSshDocker(url, {
          home: homedir(),
          defaultUser: localUser(),
          agent: process.env['SSH_AUTH_SOCK'],
          timeoutMs: TIMEOUT_MS,
          log: warn,
        })
      : undefined;
  try {
    const docker = given ?? ssh?.docker ?? new Docker(dockerOptions(url));
    let { snapshot } = await readDockerSnapshot(docker, displayHost(url));
    // A Unix socket is this machine's Docker: its /proc tells the rest (listening sockets, routes, interfaces).
    if (url.startsWith('unix:')) snapshot = withHostFacts(snapshot, await localHostFacts());
    return HostSnapshotSchema.parse(snapshot);
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (err instanceof DockerReplyError) throw new InputError(err.message);
    throw new InputError(`cannot read Docker at ${url}: ${describeDockerError(err)}`);
  } finally {
    ssh?.close();
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
