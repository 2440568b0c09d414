import { spawn } from 'node:child_process';
import type { Socket as UdpSocket } from 'node:dgram';
import { createSocket } from 'node:dgram';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { selfArgv } from '../diag/dns';

/** Where the embedded DNS answers inside a sandbox, as Docker's resolver: 127.0.0.11:53, UDP and TCP. */
export const SANDBOX_DNS = { address: '127.0.0.11', port: 53 };
const HANDOVER_MS = 10_000;
/** A new namespace's loopback is up only once the join's batch has run (it may run at the same time). */
const BIND_WAIT_MS = 3_000;

/**
 * Sockets bound inside a sandbox's namespace and served by the daemon, Docker's design (libnetwork binds
 * its resolver from a goroutine inside the container's netns). Node cannot enter a namespace from a thread,
 * so a short-lived helper (`__dns-socket`, this very program under `nsenter --net`) binds them there and
 * hands them over the IPC channel; a socket keeps the namespace it was made in. Used where the engine's own
 * namespace has no path to the sandbox (macvlan, ipvlan: the host cannot reach its children).
 */
export function openSandboxDnsSockets(netns: string): Promise<{ udp: UdpSocket; tcp: Server }> {
  const argv = ['nsenter', `--net=/run/netns/${netns}`, '--', ...selfArgv(), '__dns-socket'];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let udp: UdpSocket | undefined;
    let stderr = '';
    const fail = (why: string) => {
      udp?.close();
      child.kill('SIGKILL');
      reject(new Error(`DNS sockets inside ${netns}: ${why}`));
    };
    const timer = setTimeout(() => fail(`no hand-over within ${HANDOVER_MS} ms`), HANDOVER_MS);
    child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
    child.on('message', (m: unknown, handle: unknown) => {
      const kind = (m as { kind?: string })?.kind;
      if (kind === 'udp') udp = handle as UdpSocket;
      if (kind === 'tcp' && udp) {
        clearTimeout(timer);
        resolve({ udp, tcp: handle as Server });
      }
    });
    child.on('error', (e) => fail(e.message));
    child.on('exit', (code) => {
      if (code !== 0) {
        clearTimeout(timer);
        fail(`helper exited ${code}: ${stderr.trim() || 'no output'}`);
      }
    });
  });
}

/** The helper's side, run inside the namespace: bind, hand both sockets over, close our copies, exit. */
export async function dnsSocketMain(): Promise<number> {
  const send = process.send?.bind(process);
  if (!send) {
    process.stderr.write('__dns-socket is run by the engine with an IPC channel\n');
    return 2;
  }
  const udp = createSocket('udp4');
  const tcp = createServer();
  const until = Date.now() + BIND_WAIT_MS;
  for (;;) {
    try {
      await new Promise<void>((ok, ko) => {
        udp.once('error', ko);
        udp.bind({ ...SANDBOX_DNS, exclusive: true }, () => (udp.off('error', ko), ok()));
      });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL' || Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  await new Promise<void>((ok, ko) => {
    tcp.once('error', ko);
    tcp.listen({ host: SANDBOX_DNS.address, port: SANDBOX_DNS.port, exclusive: true }, () => ok());
  });
  await new Promise<void>((ok) => send({ kind: 'udp' }, udp, undefined, () => ok()));
  await new Promise<void>((ok) => send({ kind: 'tcp' }, tcp, undefined, () => ok()));
  // Our copies would otherwise take their share of the datagrams and connections.
  udp.close();
  tcp.close();
  process.disconnect?.();
  return 0;
}
