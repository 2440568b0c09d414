// First diagnostics after connecting: the built server (dist/server.js --stdio) has a compose file open; the
// client's own Docker code (LocalTransport + DockerHost, as Host.refresh does) reads the live daemon, core's
// snapshotFromDocker builds the snapshot, and it goes to the server as `switchyard/hostSnapshot`. Timed until
// the publishDiagnostics that carries HOST001 for a Docker network this benchmark created with a unique name.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { snapshotFromDocker } from '@switchyard/core';
import { HostSnapshotNotification } from '@switchyard/protocol';
import { DockerHost } from '../../client/src/docker/docker-host';
import { LocalTransport } from '../../client/src/transport/local';
import { cpuMs, LspClient } from '../lsp/lsp-client';
import type { Published } from '../lsp/lsp-client';
import { summarize } from '../lsp/stats';
import type { Summary } from '../lsp/stats';

export interface DiagnosticsResult {
  dockerNetworks: number;
  /** connect → snapshot built: the Docker reads (list + inspect each network, list containers). */
  snapshotMs: Summary;
  /** notification sent → HOST001 published. */
  serverMs: Summary;
  /** connect → HOST001 published: the figure against the 1 s target. */
  totalMs: Summary;
  /** the same for the first round only: dockerode, zod and the server's rules still cold. */
  firstMs: number;
  /** the server's CPU time per snapshot → diagnostics round. */
  serverCpuMs: Summary;
  benchCpuMs: Summary;
}

const SOCKET = '/var/run/docker.sock';

/** A /24 in 10.224.0.0/11 that Docker accepts (it refuses overlaps), created under a unique name. */
async function createProbeNetwork(docker: DockerHost, name: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const [a = 0, b = 0] = randomBytes(2);
    const subnet = `10.${224 + (a % 32)}.${b}.0/24`;
    try {
      await docker.createNetwork({
        name,
        ipam: [{ subnet, auxAddresses: {} }],
        driver: 'bridge',
        internal: false,
        enableIpv6: false,
        options: {},
        labels: { 'switchyard.bench': 'extension' },
      });
      return subnet;
    } catch (err) {
      if (!/overlap/i.test(String(err))) throw err;
    }
  }
  throw new Error('no free /24 in 10.224.0.0/11 for the probe network after 20 tries');
}

export async function measureDiagnostics(
  repo: string,
  runs: number,
): Promise<DiagnosticsResult | { notMeasured: string }> {
  if (!existsSync(SOCKET)) return { notMeasured: `no Docker socket at ${SOCKET}` };
  const docker = await DockerHost.create(new LocalTransport(SOCKET));
  try {
    await docker.ping();
  } catch (err) {
    return { notMeasured: `dockerd does not answer on ${SOCKET}: ${String(err)}` };
  }
  const name = `swy-bench-diag-${randomBytes(4).toString('hex')}`;
  const subnet = await createProbeNetwork(docker, name);
  const server = await LspClient.start({
    name: 'switchyard',
    command: process.execPath,
    args: [join(repo, 'dist', 'server.js'), '--stdio'],
    rootUri: pathToFileURL(repo).href,
  });
  try {
    return await rounds(repo, server, docker, name, subnet, runs);
  } finally {
    await server.stop();
    await removeNetwork(name);
  }
}

async function removeNetwork(name: string): Promise<void> {
  const Docker = (await import('dockerode')).default;
  await new Docker({ socketPath: SOCKET }).getNetwork(name).remove();
}

async function rounds(
  repo: string,
  server: LspClient,
  docker: DockerHost,
  name: string,
  subnet: string,
  runs: number,
): Promise<DiagnosticsResult> {
  const uri = pathToFileURL(join(repo, 'bench-diagnostics', 'compose.yaml')).href;
  const text = `services:\n  web:\n    image: nginx\n    networks: [app]\nnetworks:\n  app:\n    ipam:\n      config:\n        - subnet: ${subnet}\n`;
  const of = (p: Published) => p.uri === uri;
  const hostFinding = (p: Published) => of(p) && p.diagnostics.some((d) => d.message.includes(`"${name}"`));
  const opened = server.nextDiagnostics(of, 30_000);
  await server.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'dockercompose', version: 1, text },
  });
  const first = await opened;
  if (first.diagnostics.some((d) => d.message.includes(name))) throw new Error('HOST001 before any snapshot');
  const samples = {
    snapshot: [] as number[],
    server: [] as number[],
    total: [] as number[],
    cpu: [] as number[],
  };
  const benchCpu: number[] = [];
  let networks = 0;
  for (let i = 0; i < runs; i++) {
    // Disconnect first, so each round is a fresh "connected → first host-aware diagnostics".
    const cleared = server.nextDiagnostics((p) => of(p) && !hostFinding(p), 30_000);
    await server.notify(HostSnapshotNotification.method, { snapshot: null });
    await cleared;
    const cpu0 = process.cpuUsage();
    const serverCpu0 = cpuMs(server.process.pid);
    const t0 = performance.now();
    const [nets, containers] = await Promise.all([docker.networks(), docker.containers()]);
    const snapshot = snapshotFromDocker('localhost', new Date().toISOString(), nets, containers);
    const t1 = performance.now();
    const found = server.nextDiagnostics(hostFinding, 30_000);
    await server.notify(HostSnapshotNotification.method, { snapshot });
    const published = await found;
    const cpu = process.cpuUsage(cpu0);
    networks = nets.length;
    if (!published.diagnostics.some((d) => d.message.includes('HOST001') || /overlaps/.test(d.message))) {
      throw new Error(`no HOST001 overlap finding for ${name}`);
    }
    samples.snapshot.push(t1 - t0);
    samples.server.push(published.at - t1);
    samples.total.push(published.at - t0);
    samples.cpu.push(cpuMs(server.process.pid) - serverCpu0);
    benchCpu.push((cpu.user + cpu.system) / 1000);
  }
  return {
    dockerNetworks: networks,
    snapshotMs: summarize(samples.snapshot),
    serverMs: summarize(samples.server),
    totalMs: summarize(samples.total),
    firstMs: samples.total[0] ?? NaN,
    serverCpuMs: summarize(samples.cpu),
    benchCpuMs: summarize(benchCpu),
  };
}
