// Runs inside the test's namespace (beside sshd) and drives the extension's host modules against it:
// connect over SSH with known_hosts checking, then dockerode through a stream-local forward, then the engine
// deployed over the same connection. Prints one JSON object per step; the test asserts on them.
import { readFileSync } from 'node:fs';
import { SshTransport } from '../../../client/src/hosts/ssh';
import { knownHostsName, parseKnownHosts, verifyHostKey } from '../../../client/src/hosts/known-hosts';
import type { HostKeyVerdict } from '../../../client/src/hosts/known-hosts';
import { DockerHost } from '../../../client/src/docker/docker-host';

interface Args {
  host: string;
  port: number;
  privateKeyPath: string;
  knownHosts: string;
  dockerSocket?: string;
  steps: string[];
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const say = (step: string, result: unknown): void => {
  process.stdout.write(`${JSON.stringify({ step, result })}\n`);
};

async function main(): Promise<void> {
  let verdict: HostKeyVerdict | undefined;
  const known = parseKnownHosts(args.knownHosts);
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
        verdict = verifyHostKey(known, knownHostsName(args.host, args.port), key);
        return verdict.kind === 'known';
      },
    });
  } catch (err) {
    say('connect', { ok: false, verdict, error: (err as Error).message });
    return;
  }
  say('connect', { ok: true, verdict });
  if (args.steps.includes('exec')) {
    say('exec', await transport.exec(['echo', 'hello world', "it's"]));
  }
  if (args.steps.includes('docker')) {
    try {
      const docker = new DockerHost(transport);
      await docker.ping();
      const networks = await docker.networks();
      say('docker', { ok: true, names: networks.map((n) => n.Name) });
    } catch (err) {
      say('docker', { ok: false, error: (err as Error).message });
    }
  }
  await transport.close();
}

main().catch((err: unknown) => {
  say('crash', { error: String(err) });
  process.exitCode = 1;
});
