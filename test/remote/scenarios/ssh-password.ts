// Runs inside the test's namespace (beside sshd) and logs in the way the extension does (client/src/hosts/
// ssh-login.ts), with the VS Code pieces replaced: SecretStorage by an in-memory store, the password input box by
// scripted answers. Optionally deploys the engine through sudo with a prompted password. Prints one JSON object
// per step; the test asserts on them.
import { readFileSync } from 'node:fs';
import { loginSsh } from '../../../client/src/transport/ssh-login';
import { RememberedSecret, secretKeys } from '../../../client/src/transport/secrets';
import type { SecretRequest, SecretStore } from '../../../client/src/transport/secrets';
import { knownHostsName, parseKnownHosts, verifyHostKey } from '@switchyard/hostio';
import type { SshTransport } from '../../../client/src/transport/ssh';
import { ensureEngine, reachRunningEngine } from '../../../client/src/engine-control/deploy';
import { EngineClient } from '@switchyard/hostio';

interface Args {
  host: string;
  port: number;
  user: string;
  knownHosts: string;
  privateKeyPath?: string;
  /** SecretStorage's content before the run. */
  stored: Record<string, string>;
  /** What the "user" types, per kind, in order; null = presses Escape. Running out also counts as Escape. */
  answers: Partial<Record<SecretRequest['kind'], (string | null)[]>>;
  /** Deploy the engine here (through sudo when `user` is not root). */
  engine?: { dir: string; prefix: string; bundle: string };
  /** Instead of deploying, reach the engine already running there, as connecting does (nothing asked). */
  attach?: boolean;
}

// On stdin, not the command line: the arguments carry the test account's password.
const args = JSON.parse(readFileSync(0, 'utf8')) as Args;
const say = (step: string, result: unknown): void => {
  process.stdout.write(`${JSON.stringify({ step, result })}\n`);
};

const store = new Map(Object.entries(args.stored));
const secretStore: SecretStore = {
  get: async (k) => store.get(k),
  store: async (k, v) => void store.set(k, v),
  delete: async (k) => void store.delete(k),
};
const prompts: SecretRequest[] = [];
const ask = async (request: SecretRequest): Promise<string | undefined> => {
  prompts.push(request);
  return args.answers[request.kind]?.shift() ?? undefined;
};
const secret = (key: string, kind: SecretRequest['kind'], subject: string): RememberedSecret =>
  new RememberedSecret(secretStore, key, kind, subject, ask);

async function main(): Promise<void> {
  const account = `${args.user}@${args.host}:${args.port}`;
  const known = parseKnownHosts(args.knownHosts);
  let transport: SshTransport;
  try {
    transport = await loginSsh({
      target: {
        host: args.host,
        port: args.port,
        username: args.user,
        readyTimeoutMs: 10_000,
        verifyHostKey: async (key) =>
          verifyHostKey(known, knownHostsName(args.host, args.port), key).kind === 'known',
      },
      ...(args.privateKeyPath
        ? { key: { file: args.privateKeyPath, data: readFileSync(args.privateKeyPath) } }
        : {}),
      password: secret(secretKeys.sshPassword(args.user, args.host, args.port), 'ssh-password', account),
      ask,
    });
  } catch (err) {
    say('login', { ok: false, error: (err as Error).message, kind: (err as Error).constructor.name });
    say('secrets', { prompts, stored: Object.fromEntries(store) });
    return;
  }
  const whoami = await transport.exec(['id', '-un']);
  say('login', { ok: true, user: whoami.stdout.trim() });
  if (args.engine && args.attach) await attach(transport, args.engine, account);
  else if (args.engine) await deploy(transport, args.engine, account);
  say('secrets', { prompts, stored: Object.fromEntries(store) });
  await transport.close();
}

const engineLocation = (engine: NonNullable<Args['engine']>) => ({
  socket: `${engine.dir}/engine.sock`,
  stateDir: `${engine.dir}/state`,
  logFile: `${engine.dir}/engine.log`,
  installDir: `${engine.dir}/bin`,
  prefix: engine.prefix,
});

/** Reaches the running engine the way connecting does: through sudo only when that asks nothing. */
async function attach(transport: SshTransport, engine: NonNullable<Args['engine']>, account: string) {
  const sudo = secret(secretKeys.sudoPassword(args.user, args.host, args.port), 'sudo-password', account);
  try {
    const open = await reachRunningEngine(transport, engineLocation(engine), sudo.savedOnly());
    if (!open) {
      say('attach', { ok: false, reached: false });
      return;
    }
    const { client, version } = await EngineClient.connect(await open());
    say('attach', { ok: true, pid: version.pid });
    client.dispose();
  } catch (err) {
    say('attach', { ok: false, error: (err as Error).message });
  }
}

/** Deploys through sudo, then speaks to the daemon over the sudo'ed stdio stream (password line first). */
async function deploy(transport: SshTransport, engine: NonNullable<Args['engine']>, account: string) {
  const steps: string[] = [];
  const location = engineLocation(engine);
  const sudo = secret(secretKeys.sudoPassword(args.user, args.host, args.port), 'sudo-password', account);
  try {
    const open = await ensureEngine(
      transport,
      readFileSync(engine.bundle),
      location,
      (m) => {
        steps.push(m);
        process.stderr.write(`progress: ${m}\n`);
      },
      sudo,
    );
    const { client, version } = await EngineClient.connect(await open());
    const networks = await client.call('network.ls', {});
    say('engine', { ok: true, steps, pid: version.pid, networks: networks.length });
    client.dispose();
  } catch (err) {
    say('engine', { ok: false, steps, error: (err as Error).message, kind: (err as Error).constructor.name });
  }
}

main().catch((err: unknown) => {
  say('crash', { error: String(err) });
  process.exitCode = 1;
});
