// The Docker engine tests share: where it is, whether it answers, the local image, and cleanup by compose
// project. .ci/run starts dockerd through scripts/ci/services.sh; ensureDocker() does the same for a developer
// who runs one tier by hand as root. See test/README.md.
import Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isRoot, which } from './env';
import { run } from './proc';

const DEFAULT_HOST = 'unix:///var/run/docker.sock';
const repoRoot = join(__dirname, '..', '..');

/** DOCKER_HOST as tests should use it (set by `scripts/ci/services.sh env`). */
export function dockerHost(): string {
  return process.env['DOCKER_HOST'] || DEFAULT_HOST;
}

/** The unix socket path of dockerHost(), or undefined for tcp:// and ssh:// hosts. */
export function dockerSocketPath(): string | undefined {
  const host = dockerHost();
  return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
}

/** The only image tests run: busybox-static imported locally, never pulled. */
export function testImage(): string {
  return process.env['SWITCHYARD_TEST_IMAGE'] || 'switchyard/busybox:local';
}

/** A dockerode client for dockerHost(). */
export function dockerClient(): Docker {
  const socketPath = dockerSocketPath();
  if (socketPath) return new Docker({ socketPath });
  const url = new URL(dockerHost());
  return new Docker({ host: url.hostname, port: Number(url.port || 2375) });
}

export async function dockerReachable(docker = dockerClient()): Promise<boolean> {
  try {
    await withTimeout(docker.ping(), 5000);
    return true;
  } catch {
    return false;
  }
}

export async function hasImage(name: string, docker = dockerClient()): Promise<boolean> {
  try {
    await withTimeout(docker.getImage(name).inspect(), 5000);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure dockerd answers and the test image exists, starting them with scripts/ci/services.sh when we are
 * root. Resolves to undefined when ready, else to the reason (for requireOrSkip).
 */
export async function ensureDocker(): Promise<string | undefined> {
  const docker = dockerClient();
  if ((await dockerReachable(docker)) && (await hasImage(testImage(), docker))) return undefined;
  if (!isRoot())
    return `no Docker engine at ${dockerHost()} with image ${testImage()}, and not root to start one`;
  if (!which('dockerd')) return 'dockerd is not installed (apt-get install docker.io, or run .ci/run)';
  const script = join(repoRoot, 'scripts', 'ci', 'services.sh');
  if (!existsSync(script)) return `missing ${script}`;
  const started = await run(['bash', script, 'start'], { timeoutMs: 180_000 });
  if (started.code !== 0) return `scripts/ci/services.sh start failed: ${started.stderr.trim().slice(-500)}`;
  if (!(await dockerReachable(docker))) return `dockerd started but does not answer at ${dockerHost()}`;
  if (!(await hasImage(testImage(), docker))) return `image ${testImage()} missing after services.sh start`;
  return undefined;
}

/** Removes every container and network labelled with this compose project; returns what it removed. */
export async function removeComposeProject(project: string, docker = dockerClient()): Promise<string[]> {
  const filters = JSON.stringify({ label: [`com.docker.compose.project=${project}`] });
  const removed: string[] = [];
  for (const c of await docker.listContainers({ all: true, filters })) {
    await docker.getContainer(c.Id).remove({ force: true, v: true });
    removed.push(`container ${c.Names[0] ?? c.Id}`);
  }
  for (const n of await docker.listNetworks({ filters })) {
    await docker.getNetwork(n.Id).remove();
    removed.push(`network ${n.Name}`);
  }
  return removed;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
