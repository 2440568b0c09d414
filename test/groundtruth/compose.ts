// Applies a compose project to the real dockerd with Debian's docker-compose v1, and always tears it down.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { dockerClient, removeComposeProject, testImage } from '../support/docker';
import { run } from '../support/proc';

export interface Applied {
  outcome: 'refused' | 'accepted';
  /** docker-compose's combined output, for messages and for matching Docker's error text. */
  output: string;
}

/** A project name no other run uses (compose v1 keeps only [a-z0-9_-]). */
export function projectName(caseName: string): string {
  const safe = caseName.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `sygt-${safe}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

function compose(project: string, files: string[], args: string[]) {
  const fileArgs = files.flatMap((f) => ['-f', f]);
  return run(['docker-compose', '--ansi', 'never', '-p', project, ...fileArgs, ...args], {
    cwd: dirname(files[0] ?? '.'),
    env: { ...process.env, SWITCHYARD_TEST_IMAGE: testImage() },
    timeoutMs: 180_000,
  });
}

/** `up -d --no-build`: accepted when every container was created and started. */
export async function applyProject(project: string, files: string[]): Promise<Applied> {
  const up = await compose(project, files, ['up', '-d', '--no-build']);
  const output = `${up.stdout}${up.stderr}`;
  if (up.code !== 0) return { outcome: 'refused', output };
  // Exit 0 is not the whole story for v1: check that every container it made is running.
  const containers = await dockerClient().listContainers({
    all: true,
    filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
  });
  const notRunning = containers.filter((c) => c.State !== 'running');
  if (containers.length === 0 || notRunning.length > 0) {
    const states = containers.map((c) => `${c.Names[0] ?? c.Id}: ${c.State} (${c.Status})`).join(', ');
    return {
      outcome: 'refused',
      output: `${output}\ncontainers not all running: ${states || 'none created'}`,
    };
  }
  return { outcome: 'accepted', output };
}

/**
 * `down -v` with no stop grace (sleep ignores SIGTERM), then removes by label whatever down could not (down
 * itself refuses to run on a file compose cannot load). Returns what is still left, which should be nothing.
 */
export async function teardownProject(project: string, files: string[]): Promise<string[]> {
  await compose(project, files, ['down', '-v', '--remove-orphans', '-t', '0']);
  await removeComposeProject(project);
  const docker = dockerClient();
  const filters = JSON.stringify({ label: [`com.docker.compose.project=${project}`] });
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  return [...containers.map((c) => `container ${c.Id}`), ...networks.map((n) => `network ${n.Name}`)];
}
