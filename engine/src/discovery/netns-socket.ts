import { spawn } from 'node:child_process';
import type { Socket as UdpSocket } from 'node:dgram';
import type { Server } from 'node:net';

/** Where the embedded DNS answers inside a sandbox, as Docker's resolver: 127.0.0.11:53, UDP and TCP. */
export const SANDBOX_DNS = { address: '127.0.0.11', port: 53 };
const HANDOVER_MS = 10_000;
/** A new namespace's loopback is up only once the join's batch has run (it may run at the same time). */
const BIND_WAIT_MS = 3_000;

/**
 * Sockets bound inside a sandbox's namespace and served by the daemon, Docker's design (libnetwork binds
 * its resolver from a goroutine inside the container's netns). Node cannot enter a namespace from a thread,
 * so a short-lived helper (`node -e HELPER_SCRIPT` under `nsenter --net`) binds them there and
 * hands them over the IPC channel; a socket keeps the namespace it was made in. Used where the engine's own
 * namespace has no path to the sandbox (macvlan, ipvlan: the host cannot reach its children).
 */
export function openSandboxDnsSockets(netns: string): Promise<{ udp: UdpSocket; tcp: Server }> {
  const argv = ['nsenter', `--net=/run/netns/${netns}`, '--', process.execPath, '-e', HELPER_SCRIPT];
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

/**
 * The helper, run inside the namespace as `node -e` (no engine code to load: a bare Node start, not the
 * whole bundle or, under tsx, a compile): bind UDP (waiting while loopback is still down in a namespace being
 * made), listen TCP, hand both over, close its own copies (they would take their share of the traffic), exit.
 */
export const HELPER_SCRIPT = `
const dgram = require('node:dgram'), net = require('node:net');
const at = ${JSON.stringify(SANDBOX_DNS)}, until = Date.now() + ${BIND_WAIT_MS};
const fail = (e) => { process.stderr.write(String(e && e.message || e) + '\\n'); process.exit(1); };
const bindUdp = () => {
  const udp = dgram.createSocket('udp4');
  udp.once('error', (e) => {
    udp.close();
    if (e.code === 'EADDRNOTAVAIL' && Date.now() < until) setTimeout(bindUdp, 20); else fail(e);
  });
  udp.bind({ address: at.address, port: at.port, exclusive: true }, () => {
    const tcp = net.createServer();
    tcp.once('error', fail);
    tcp.listen({ host: at.address, port: at.port, exclusive: true }, () => {
      process.send({ kind: 'udp' }, udp, undefined, () =>
        process.send({ kind: 'tcp' }, tcp, undefined, () => {
          udp.close();
          tcp.close();
          process.disconnect();
        }));
    });
  });
};
bindUdp();
`;
