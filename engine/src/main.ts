import { readFile } from 'node:fs/promises';
import { API_VERSION, LogLevelSchema } from '@switchyard/protocol';
import { DEFAULT_ENGINE_SOCKET, EngineClient } from '@switchyard/hostio';
import { runCommand } from './cli/commands';
import { parseClusterConfig } from './cluster/config';
import { runDaemon } from './daemon';
import { ENGINE_VERSION } from './daemon/handlers';
import { dnsProbeMain } from './diag/dns-probe';
import { formatUninstall, uninstall } from './uninstall';
import { allValues, lastValue, parseFlags, UsageError } from '@switchyard/core';

/** Entry of dist/engine.js: `daemon` runs the engine, anything else is the CLI talking to it. */
async function main(argv: string[]): Promise<number> {
  // Global flags come before the command: `switchyard-engine [--socket PATH] network ls`.
  let socket = process.env.SWITCHYARD_SOCKET ?? DEFAULT_ENGINE_SOCKET;
  while (argv[0]?.startsWith('--socket')) {
    const [flag, ...more] = argv;
    socket = flag?.includes('=') ? flag.slice('--socket='.length) : (more.shift() ?? socket);
    argv = flag?.includes('=') ? argv.slice(1) : more;
  }
  if (argv[0] === '__dns-query') return dnsProbeMain(argv[1] ?? '{}');
  if (argv[0] === 'daemon') {
    const p = parseFlags(argv.slice(1), {
      values: [
        '--state-dir',
        '--socket',
        '--prefix',
        '--upstream-dns',
        '--log-level',
        '--drift-check-ms',
        '--cluster-store',
        '--cluster-store-opt',
        '--advertise-addr',
      ],
    });
    const store = lastValue(p, '--cluster-store');
    const level = LogLevelSchema.safeParse(lastValue(p, '--log-level') ?? 'info');
    if (!level.success) throw new UsageError('--log-level is lastValue of debug, info, warn, error, fatal');
    await runDaemon({
      stateDir: lastValue(p, '--state-dir') ?? '/var/lib/switchyard',
      socket: lastValue(p, '--socket') ?? socket,
      prefix: lastValue(p, '--prefix') ?? 'sy',
      upstreamDns: await upstreams(allValues(p, '--upstream-dns')),
      logLevel: level.data,
      driftCheckMs: Number(lastValue(p, '--drift-check-ms') ?? 10_000),
      cluster: store
        ? parseClusterConfig(store, allValues(p, '--cluster-store-opt'), lastValue(p, '--advertise-addr'))
        : undefined,
    });
    return -1; // keeps running
  }
  if (argv[0] === 'uninstall') {
    const p = parseFlags(argv.slice(1), {
      values: ['--state-dir', '--socket', '--prefix', '--log-file'],
      bools: ['--json'],
    });
    const report = await uninstall({
      stateDir: lastValue(p, '--state-dir') ?? '/var/lib/switchyard',
      socket: lastValue(p, '--socket') ?? socket,
      prefix: lastValue(p, '--prefix') ?? 'sy',
      logFile: lastValue(p, '--log-file'),
    });
    process.stdout.write(p.bools.has('--json') ? `${JSON.stringify(report)}\n` : formatUninstall(report));
    return 0;
  }
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    process.stdout.write(`switchyard-engine version ${ENGINE_VERSION}, API ${API_VERSION}\n`);
    return 0;
  }
  // Connected at the command's first call, after it has parsed its arguments: a usage error or --help needs
  // no daemon.
  const client = EngineClient.lazy(socket);
  try {
    return await runCommand(client, argv, (t) =>
      process.stdout.write(t.endsWith('\n') || t === '' ? t : `${t}\n`),
    );
  } finally {
    client.dispose();
  }
}

/**
 * `--upstream-dns IP[,IP]` (repeatable, at most 3 used); `none` disables forwarding; without the flag the
 * host's own nameservers (the daemon forwards from the host's namespace, so even 127.0.0.53 works).
 */
async function upstreams(flags: string[]): Promise<string[]> {
  const given = flags.flatMap((s) => s.split(',')).filter(Boolean);
  if (given.includes('none')) return [];
  if (given.length > 0) return given.slice(0, 3);
  const resolv = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  return [...resolv.matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1] as string).slice(0, 3);
}

const USAGE = `Usage: switchyard-engine [--socket PATH] COMMAND   (COMMAND --help for its options)
  daemon [--state-dir DIR] [--socket PATH] [--prefix P] [--upstream-dns IP ...] [--log-level L]
         [--cluster-store etcd://H:2379[,H:2379] --advertise-addr IP [--cluster-store-opt K=V ...]]
  node ls
  uninstall [--state-dir DIR] [--socket PATH] [--prefix P] [--log-file PATH] [--json]
  network ls|list|create|inspect|rm|remove|prune|connect|disconnect   (ls, inspect: --format)
  sandbox ls|list|create|inspect|rm|remove|exec
  ping|dns|tcp|capture SANDBOX|--container ID ...
  logs [--follow] [--level L] [--network N]
  events
  version | info   (info: engine and the kernel features its drivers need)
  --version        this program's version, without asking the daemon
`;

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof UsageError ? '' : 'Error: '}${(e as Error).message}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
