// Runs inside the test's namespace (beside sshd) and drives the extension's host modules against it:
// connect over SSH with known_hosts checking, then dockerode through a stream-local forward, then the engine
// deployed over the same connection. Prints one JSON object per step; the test asserts on them.
import { readFileSync } from 'node:fs';
import { SshTransport } from '../../../client/src/transport/ssh';
import { knownHostsName, parseKnownHosts, rememberHostKey, verifyHostKey } from '@switchyard/hostio';
import type { HostKeyVerdict } from '@switchyard/hostio';
import { DockerHost } from '../../../client/src/docker/docker-host';
import { ensureEngine } from '../../../client/src/engine-control/deploy';
import { EngineClient } from '@switchyard/hostio';
import { readHostFacts } from '../../../client/src/hosts/host-facts';

interface Args {
  host: string;
  port: number;
  privateKeyPath: string;
  knownHosts: string;
  dockerSocket?: string;
  steps: string[];
  /** For the engine step: where the deployed engine lives (a folder of the test's) and its object prefix. */
  engineDir?: string;
  prefix?: string;
  bundle?: string;
  /**
   * Trust an unknown key and remember it in this file, as the extension's "Trust and remember" answer does
   * (client/src/hosts/ssh-connect.ts): a hashed line appended by the same function.
   */
  remember?: string;
  /** A ProxyJump host to go through first, with its own key and known_hosts text. */
  jump?: { host: string; port: number; privateKeyPath: string; knownHosts: string };
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const say = (step: string, result: unknown): void => {
  process.stdout.write(`${JSON.stringify({ step, result })}\n`);
};

async function main(): Promise<void> {
  let verdict: HostKeyVerdict | undefined;
  let jumpVerdict: HostKeyVerdict | undefined;
  const known = parseKnownHosts(args.knownHosts);
  const jump = args.jump;
  let transport: SshTransport;
  try {
    transport = await SshTransport.connect({
      host: args.host,
      port: args.port,
      username: 'root',
      privateKey: readFileSync(args.privateKeyPath),
      dockerSocket: args.dockerSocket ?? '/var/run/docker.sock',
      readyTimeoutMs: 10_000,
      verifyHostKey: async (key) => {
        const name = knownHostsName(args.host, args.port);
        verdict = verifyHostKey(known, name, key);
        if (verdict.kind === 'unknown' && args.remember) {
          rememberHostKey(args.remember, name, key);
          return true;
        }
        return verdict.kind === 'known';
      },
      ...(jump
        ? {
            jumps: [
              {
                host: jump.host,
                port: jump.port,
                username: 'root',
                privateKey: readFileSync(jump.privateKeyPath),
                verifyHostKey: async (key: Buffer) => {
                  const lines = parseKnownHosts(jump.knownHosts);
                  jumpVerdict = verifyHostKey(lines, knownHostsName(jump.host, jump.port), key);
                  return jumpVerdict.kind === 'known';
                },
              },
            ],
          }
        : {}),
    });
  } catch (err) {
    say('connect', { ok: false, verdict, jumpVerdict, error: (err as Error).message });
    return;
  }
  say('connect', { ok: true, verdict, jumpVerdict });
  if (args.steps.includes('exec')) {
    say('exec', await transport.exec(['echo', 'hello world', "it's"]));
  }
  if (args.steps.includes('facts')) {
    say('facts', (await readHostFacts(transport)) ?? null);
  }
  if (args.steps.includes('docker')) {
    try {
      const docker = await DockerHost.create(transport);
      await docker.ping();
      const networks = await docker.networks();
      say('docker', { ok: true, names: networks.map((n) => n.Name) });
    } catch (err) {
      say('docker', { ok: false, error: (err as Error).message });
    }
  }
  if (args.steps.includes('engine') && args.engineDir && args.prefix && args.bundle) {
    await engineStep(transport, args.engineDir, args.prefix, args.bundle);
  }
  await transport.close();
}

/** Deploys the bundled engine over the SSH connection, then builds two sandboxes and pings across. */
async function engineStep(
  transport: SshTransport,
  dir: string,
  prefix: string,
  bundle: string,
): Promise<void> {
  const steps: string[] = [];
  const location = {
    socket: `${dir}/engine.sock`,
    stateDir: `${dir}/state`,
    logFile: `${dir}/engine.log`,
    installDir: `${dir}/bin`,
    prefix,
  };
  try {
    const open = await ensureEngine(transport, readFileSync(bundle), location, (m) => steps.push(m));
    const { client, version } = await EngineClient.connect(await open());
    const net = `${prefix}net`;
    await client.call('network.create', { name: net, ipam: [{ subnet: '10.231.0.0/24' }] });
    const a = await client.call('sandbox.create', { name: `${prefix}a`, networks: [net] });
    const b = await client.call('sandbox.create', { name: `${prefix}b`, networks: [net] });
    const target = b.endpoints[0]?.ipv4?.split('/')[0] ?? '';
    const ping = await client.call('diag.ping', {
      from: { sandbox: a.name },
      host: target,
      count: 2,
      intervalMs: 200,
    });
    await client.call('sandbox.rm', { sandbox: a.name, force: true });
    await client.call('sandbox.rm', { sandbox: b.name, force: true });
    await client.call('network.rm', { network: net });
    // A second deploy of the same bundle must find the running daemon and keep it.
    const again = await ensureEngine(transport, readFileSync(bundle), location, () => undefined);
    const second = await EngineClient.connect(await again());
    say('engine', {
      ok: true,
      steps,
      pid: version.pid,
      pidAfterRedeploy: second.version.pid,
      target,
      received: ping.received,
    });
    client.dispose();
    second.client.dispose();
  } catch (err) {
    say('engine', { ok: false, steps, error: (err as Error).message });
  }
}

main().catch((err: unknown) => {
  say('crash', { error: String(err) });
  process.exitCode = 1;
});
