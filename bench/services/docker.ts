// Docker swarm's VIP and routing mesh on a single-node swarm of the running dockerd, for the services bench.
// Only in a throwaway set-up that is fully undone: `docker swarm init` on loopback, one service from the
// local image (never a pull), then `docker swarm leave --force` whatever happened. When it cannot run here,
// it says exactly why.
import { spawnSync } from 'node:child_process';
import type { LoadResult } from './services.bench';

const docker = (args: string[]) => {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 60_000 });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
};

interface Bench {
  load(netnsPath: string, ips: string, port: number): LoadResult;
  report(runs: Map<string, LoadResult[]>, base: string): void;
  rounds: number;
}

async function until<T>(what: string, f: () => T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function dockerSwarm(b: Bench): Promise<void> {
  console.log('\nDocker swarm (single node, this dockerd):');
  const info = docker(['info', '--format', '{{.Swarm.LocalNodeState}}']);
  if (!info.ok) return console.log(`  not measured: dockerd not reachable (${info.err.split('\n')[0]})`);
  if (info.out !== 'inactive')
    return console.log(`  not measured: this dockerd is already in swarm state "${info.out}"; left alone`);
  if (!docker(['image', 'inspect', 'switchyard/busybox:local']).ok)
    return console.log('  not measured: image switchyard/busybox:local is missing (nothing is pulled)');
  // swarm init makes docker_gwbridge; leave does not remove it, so it is removed here if init made it.
  const hadGwbridge = docker(['network', 'inspect', 'docker_gwbridge']).ok;
  const init = docker(['swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', '127.0.0.1:2377']);
  if (!init.ok) return console.log(`  not measured: docker swarm init failed: ${init.err.split('\n')[0]}`);
  try {
    const net = docker(['network', 'create', '-d', 'overlay', '--attachable', 'sybench']);
    if (!net.ok) throw new Error(`network create: ${net.err}`);
    const svc = docker([
      'service',
      'create',
      '--detach',
      '--name',
      'sybench',
      '--replicas',
      '3',
      '--network',
      'sybench',
      '--publish',
      '18080:80',
      'switchyard/busybox:local',
      'nc',
      '-ll',
      '-p',
      '80',
      '-e',
      'hostname',
    ]);
    if (!svc.ok) throw new Error(`service create: ${svc.err}`);
    const running = await until('3 swarm tasks running', () => {
      const ps = docker(['service', 'ps', 'sybench', '--format', '{{.CurrentState}}|{{.Error}}']);
      const lines = ps.out.split('\n').filter(Boolean);
      const errors = lines.filter((l) => /Rejected|Failed/.test(l));
      if (errors.length > 0) throw new Error(`tasks fail: ${errors[0]}`);
      return lines.filter((l) => l.startsWith('Running')).length >= 3 ? lines : undefined;
    });
    void running;
    const vip =
      docker(['service', 'inspect', 'sybench', '--format', '{{range .Endpoint.VirtualIPs}}{{.Addr}} {{end}}'])
        .out.split(' ')
        .map((a) => a.split('/')[0] as string)
        .find((a) => a.startsWith('10.0.')) ?? '';
    const client = docker([
      'run',
      '-d',
      '--rm',
      '--network',
      'sybench',
      'switchyard/busybox:local',
      'sleep',
      '600',
    ]);
    if (!client.ok) throw new Error(`client container: ${client.err}`);
    try {
      const pid = docker(['inspect', '--format', '{{.State.Pid}}', client.out]).out;
      const ns = `/proc/${pid}/ns/net`;
      const task =
        docker(['ps', '--filter', 'name=sybench.1', '--format', '{{.ID}}']).out.split('\n')[0] ?? '';
      const taskIp = docker([
        'inspect',
        '--format',
        '{{(index .NetworkSettings.Networks "sybench").IPAddress}}',
        task,
      ]).out;
      const runs = new Map<string, LoadResult[]>();
      const paths: [string, () => LoadResult][] = [
        ['docker direct: one task', () => b.load(ns, taskIp, 80)],
        ['docker VIP (IPVS), from a container', () => b.load(ns, vip, 80)],
        ['docker routing mesh: 127.0.0.1:18080', () => b.load('', '127.0.0.1', 18080)],
      ];
      const broken = new Map<string, string>();
      for (let round = 0; round < b.rounds; round++)
        for (const [name, f] of paths) {
          if (broken.has(name)) continue;
          try {
            runs.set(name, [...(runs.get(name) ?? []), f()]);
          } catch (e) {
            broken.set(name, (e as Error).message.split('\n')[0] ?? '');
          }
        }
      if (runs.size > 0)
        b.report(
          runs,
          runs.has('docker direct: one task') ? 'docker direct: one task' : ([...runs.keys()][0] as string),
        );
      for (const [name, why] of broken) console.log(`  ${name}: not measured: ${why}`);
    } finally {
      docker(['rm', '-f', client.out]);
    }
  } catch (e) {
    console.log(`  not measured: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    docker(['service', 'rm', 'sybench']);
    await until(
      'the swarm tasks gone',
      () => (docker(['ps', '-q', '--filter', 'name=sybench']).out === '' ? true : undefined),
      30_000,
    ).catch(() => undefined);
    docker(['network', 'rm', 'sybench']);
    const leave = docker(['swarm', 'leave', '--force']);
    if (!hadGwbridge) docker(['network', 'rm', 'docker_gwbridge']);
    console.log(`  swarm left: ${leave.ok ? 'yes' : leave.err}`);
  }
}
