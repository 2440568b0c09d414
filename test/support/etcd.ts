// Debian's etcd-server as a throwaway single-member cluster for global-scope (overlay) state: its own data
// dir, usually inside a namespace the test made, stopped and removed by stop().
import { mkdtempSync, rmSync } from 'node:fs';
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

export async function startEtcd(options: EtcdOptions = {}): Promise<Etcd> {
  const host = options.host ?? '127.0.0.1';
  // In its own namespace the standard ports are free; in the root namespace derive ports from the pid.
  const clientPort = options.clientPort ?? (options.ns ? 2379 : 30_000 + (process.pid % 10_000) * 2);
  const peerPort = options.peerPort ?? clientPort + 1;
  const dataDir = mkdtempSync(join(tmpdir(), 'sy-etcd-'));
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
