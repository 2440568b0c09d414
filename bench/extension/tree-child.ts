// Runs inside the benchmark's namespace, beside sshd (bundled by tree.ts, run on plain node with the vscode
// stub). Per round, from a cold connection: SSH connect with host-key check, engine `network.ls` +
// `sandbox.ls` through a stream-local forward (as EngineConnection.refresh does), then the whole tree walked
// and every row converted with the real HostsTree/render. The peer, over the same SSH connection: Docker's
// network list + inspect of each (DockerHost.networks, as Host.refresh does). Prints one JSON line.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as stub from './vscode-stub';
import { installVscodeStub } from './vscode-stub';

installVscodeStub(stub);

interface Args {
  host: string;
  port: number;
  privateKeyPath: string;
  hostPublicKey: string;
  engineSocket: string;
  runs: number;
  docker: boolean;
}

/** One cold connection's figures, printed as JSON for the parent (tree.ts). */
export interface Round {
  connectMs: number;
  lsMs: number;
  itemsMs: number;
  totalMs: number;
  cpuMs: number;
  networks: number;
  sandboxes: number;
  endpoints: number;
  rows: number;
  dockerMs?: number;
  dockerCpuMs?: number;
  dockerNetworks?: number;
}

const cpu = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

async function main(): Promise<void> {
  // Loaded after the stub is in place: the tree modules import `vscode`.
  const { SshTransport } = await import('../../client/src/transport/ssh');
  const { EngineClient } = await import('@switchyard/hostio');
  const { DockerHost } = await import('../../client/src/docker/docker-host');
  const { HostsTree } = await import('../../client/src/tree/provider');
  type Tree = InstanceType<typeof HostsTree>;
  type Node = Parameters<Tree['getChildren']>[0];

  const args = JSON.parse(process.argv[2] ?? '{}') as Args;
  const expectedKey = args.hostPublicKey.split(' ')[1] ?? '';
  const rounds: Round[] = [];
  for (let i = 0; i < args.runs; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const transport = await SshTransport.connect({
      host: args.host,
      port: args.port,
      username: 'root',
      privateKey: readFileSync(args.privateKeyPath),
      dockerSocket: '/var/run/docker.sock',
      readyTimeoutMs: 20_000,
      verifyHostKey: async (key) => key.toString('base64') === expectedKey,
    });
    const t1 = performance.now();
    const { client } = await EngineClient.connect(await transport.openSocket(args.engineSocket));
    const [networks, sandboxes] = await Promise.all([
      client.call('network.ls', {}),
      client.call('sandbox.ls', {}),
    ]);
    const t2 = performance.now();
    const host = {
      id: 'bench',
      label: 'bench',
      state: 'connected',
      networks: [],
      docker: undefined,
      engine: { state: 'connected', networks, sandboxes },
    };
    const registry = { hosts: [host], onDidChange: () => new stub.Disposable() };
    const tree = new HostsTree(registry as never);
    let rows = 0;
    const walk = (node: Node): void => {
      for (const child of tree.getChildren(node)) {
        tree.getTreeItem(child);
        rows++;
        walk(child);
      }
    };
    walk(undefined);
    const t3 = performance.now();
    const round: Round = {
      connectMs: t1 - t0,
      lsMs: t2 - t1,
      itemsMs: t3 - t2,
      totalMs: t3 - t0,
      cpuMs: cpu(process.cpuUsage(cpu0)),
      networks: networks.length,
      sandboxes: sandboxes.length,
      endpoints: networks.reduce((n, net) => n + Object.keys(net.Containers ?? {}).length, 0),
      rows,
    };
    client.dispose();
    if (args.docker) {
      const dcpu = process.cpuUsage();
      const d0 = performance.now();
      const dockerNetworks = await (await DockerHost.create(transport)).networks();
      round.dockerMs = performance.now() - d0;
      round.dockerCpuMs = cpu(process.cpuUsage(dcpu));
      round.dockerNetworks = dockerNetworks.length;
    }
    await transport.close();
    rounds.push(round);
  }
  process.stdout.write(`${JSON.stringify(rounds)}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
