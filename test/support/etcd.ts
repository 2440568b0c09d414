// Debian's etcd-server as a throwaway single-member cluster for global-scope (overlay) state: its own data
// dir, usually inside a namespace the test made, stopped and removed by stop().
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Netns } from './netns';
import { startBackground, type Background } from './proc';
import { waitFor } from './wait';

export interface Etcd {
  /** Client URL, e.g. http://10.99.0.1:2379. */
  clientUrl: string;
  dataDir: string;
  process: Background;
  stop(): Promise<void>;
}

export interface EtcdOptions {
  ns?: Netns;
  /** Address to listen on; default 127.0.0.1 (inside `ns` when given). */
  host?: string;
  clientPort?: number;
  peerPort?: number;
}

/**
 * Where members keep their data: tmpfs when the machine has one. etcd fsyncs its log on every write, and a
 * member whose fsync stalls behind someone else's disk I/O (CI installs packages beside the tests) misses its
 * heartbeats and sets off elections; what the tests check is the engine, not etcd's durability.
 */
const dataRoot = (): string => (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());

export async function startEtcd(options: EtcdOptions = {}): Promise<Etcd> {
  const host = options.host ?? '127.0.0.1';
  // In its own namespace the standard ports are free; in the root namespace derive ports from the pid.
  const clientPort = options.clientPort ?? (options.ns ? 2379 : 30_000 + (process.pid % 10_000) * 2);
  const peerPort = options.peerPort ?? clientPort + 1;
  const dataDir = mkdtempSync(join(dataRoot(), 'sy-etcd-'));
  const clientUrl = `http://${host}:${clientPort}`;
  const peerUrl = `http://${host}:${peerPort}`;
  const argv = [
    'etcd',
    '--name=sy-test',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${clientUrl}`,
    `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=sy-test=${peerUrl}`,
    '--initial-cluster-state=new',
    '--logger=zap',
  ];
  const proc = startBackground(options.ns ? options.ns.argv(argv) : argv);
  try {
    await waitFor(() => proc.output().includes('serving client traffic') || exitedError(proc), 20_000, {
      what: `etcd to serve ${clientUrl}`,
    });
  } catch (err) {
    await proc.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\netcd output:\n${proc.output()}`, { cause: err });
  }
  return {
    clientUrl,
    dataDir,
    process: proc,
    async stop() {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function exitedError(proc: Background): false {
  if (proc.exited()) throw new Error('etcd exited');
  return false;
}

/** TLS material for an etcd member (and its clients): PEM files the test made with openssl. */
export interface EtcdTls {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** One member of a multi-member cluster; stop()/start() take it down and bring it back with its data. */
export interface EtcdMember {
  name: string;
  ns: Netns;
  host: string;
  clientUrl: string;
  running(): boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: a member that holds its connections open but answers nothing (a hung machine). */
  freeze(): void;
  thaw(): void;
}

export interface EtcdCluster {
  members: EtcdMember[];
  /** `etcd://h1:2379,h2:2379,…` for `--cluster-store`. */
  storeUrl: string;
  /** Stops every member and removes every data dir. */
  stop(): Promise<void>;
}

/**
 * A multi-member Debian etcd cluster, one member per namespace (each namespace must reach the others at
 * `hosts[i]`, e.g. over a test underlay). Members start together (they wait for each other's votes).
 */
export async function startEtcdCluster(
  members: { ns: Netns; host: string }[],
  tls?: { server: EtcdTls },
): Promise<EtcdCluster> {
  const scheme = tls ? 'https' : 'http';
  const names = members.map((_, i) => `m${i + 1}`);
  const initial = members.map((m, i) => `${names[i]}=http://${m.host}:2380`).join(',');
  const root = mkdtempSync(join(dataRoot(), 'sy-etcdc-'));
  const handles: EtcdMember[] = members.map((m, i) => {
    const name = names[i] as string;
    const dataDir = join(root, name);
    const clientUrl = `${scheme}://${m.host}:2379`;
    let proc: Background | undefined;
    const argv = (state: 'new' | 'existing') => [
      'etcd',
      `--name=${name}`,
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=http://${m.host}:2380`,
      `--initial-advertise-peer-urls=http://${m.host}:2380`,
      `--initial-cluster=${initial}`,
      `--initial-cluster-state=${state}`,
      '--initial-cluster-token=sy-test',
      '--heartbeat-interval=50',
      '--election-timeout=500',
      '--logger=zap',
      ...(tls
        ? [
            `--cert-file=${tls.server.certFile}`,
            `--key-file=${tls.server.keyFile}`,
            `--trusted-ca-file=${tls.server.caFile}`,
            '--client-cert-auth',
          ]
        : []),
    ];
    let started = false;
    return {
      name,
      ns: m.ns,
      host: m.host,
      clientUrl,
      running: () => proc !== undefined && !proc.exited(),
      freeze: () => proc?.child.kill('SIGSTOP'),
      thaw: () => proc?.child.kill('SIGCONT'),
      async stop() {
        proc?.child.kill('SIGCONT');
        await proc?.stop('SIGKILL');
        proc = undefined;
      },
      async start() {
        proc = startBackground(m.ns.argv(argv(started ? 'existing' : 'new')));
        started = true;
        const p = proc;
        try {
          await waitFor(() => p.output().includes('serving client') || exitedError(p), 30_000, {
            what: `etcd member ${name} to serve ${clientUrl}`,
          });
        } catch (err) {
          throw new Error(`${(err as Error).message}\netcd output:\n${p.output().slice(-3000)}`, {
            cause: err,
          });
        }
      },
    };
  });
  const cluster: EtcdCluster = {
    members: handles,
    storeUrl: `etcd://${members.map((m) => `${m.host}:2379`).join(',')}`,
    async stop() {
      await Promise.all(handles.map((h) => h.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(handles.map((h) => h.start()));
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}
