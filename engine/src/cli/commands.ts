import type { DiagFrom } from '@switchyard/protocol';
import type { Parsed } from './args';
import { UsageError, many, need, one, parseArgs } from './args';
import type { EngineClient } from './client';
import { json, table } from './format';
import { networkCreateParams } from './network-create';

type Out = (text: string) => void;
type Cmd = (c: EngineClient, argv: string[], out: Out) => Promise<number>;

const num = (v: string | undefined, dflt: number, flag: string): number => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`invalid ${flag} "${v}": not a number`);
  return n;
};

/** `SANDBOX` or `--container ID` or `--pid PID`: where a diagnostic runs. */
function fromOf(p: Parsed): { from: DiagFrom; args: string[] } {
  const container = one(p, '--container');
  const pid = one(p, '--pid');
  if (container) return { from: { container }, args: p.positional };
  if (pid) return { from: { pid: num(pid, 0, '--pid') }, args: p.positional };
  const [sandbox, ...args] = p.positional;
  if (!sandbox) throw new UsageError('name a sandbox, or --container ID, or --pid PID');
  return { from: { sandbox }, args };
}
const FROM = ['--container', '--pid'];

const network: Record<string, Cmd> = {
  ls: async (c, argv, out) => {
    const p = parseArgs(argv, {
      values: ['--filter'],
      bools: ['--quiet', '--no-trunc'],
      alias: { '-f': '--filter', '-q': '--quiet' },
    });
    const nets = await c.call('network.ls', { filter: one(p, '--filter') });
    const id = (s: string) => (p.bools.has('--no-trunc') ? s : s.slice(0, 12));
    if (p.bools.has('--quiet')) out(nets.map((n) => id(n.Id)).join('\n'));
    else
      out(
        table(
          ['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'],
          nets.map((n) => [id(n.Id), n.Name, n.Driver, n.Scope]),
        ),
      );
    return 0;
  },
  create: async (c, argv, out) => {
    const p = parseArgs(argv, {
      values: ['--driver', '--subnet', '--gateway', '--ip-range', '--aux-address', '--label', '--opt'],
      bools: ['--internal', '--ipv6', '--attachable'],
      alias: { '-d': '--driver', '-o': '--opt' },
    });
    const [name] = need(p, 1, 'switchyard-engine network create [OPTIONS] NETWORK');
    out((await c.call('network.create', networkCreateParams(name as string, p))).Id);
    return 0;
  },
  inspect: async (c, argv, out) => {
    const p = parseArgs(argv, {});
    const names = need(p, 1, 'switchyard-engine network inspect NETWORK [NETWORK...]');
    out(json(await Promise.all(names.map((network) => c.call('network.inspect', { network })))));
    return 0;
  },
  rm: async (c, argv, out) => {
    const p = parseArgs(argv, { bools: ['--force'], alias: { '-f': '--force' } });
    let status = 0;
    for (const network of need(p, 1, 'switchyard-engine network rm NETWORK [NETWORK...]')) {
      try {
        out((await c.call('network.rm', { network })).removed);
      } catch (e) {
        if (p.bools.has('--force') && /not found/.test((e as Error).message)) continue;
        process.stderr.write(`Error response from engine: ${(e as Error).message}\n`);
        status = 1;
      }
    }
    return status;
  },
  prune: async (c, argv, out) => {
    parseArgs(argv, { bools: ['--force'], alias: { '-f': '--force' } });
    const { removed } = await c.call('network.prune', {});
    if (removed.length > 0) out(`Deleted Networks:\n${removed.join('\n')}`);
    return 0;
  },
  connect: async (c, argv, out) => {
    const p = parseArgs(argv, { values: ['--ip', '--ip6', '--alias'] });
    const [net, sb] = need(p, 2, 'switchyard-engine network connect [OPTIONS] NETWORK SANDBOX');
    const ep = await c.call('network.connect', {
      network: net as string,
      sandbox: sb as string,
      ip: one(p, '--ip'),
      ip6: one(p, '--ip6'),
      aliases: many(p, '--alias'),
    });
    out(json(ep));
    return 0;
  },
  disconnect: async (c, argv) => {
    const p = parseArgs(argv, { bools: ['--force'], alias: { '-f': '--force' } });
    const [net, sb] = need(p, 2, 'switchyard-engine network disconnect [OPTIONS] NETWORK SANDBOX');
    await c.call('network.disconnect', {
      network: net as string,
      sandbox: sb as string,
      force: p.bools.has('--force'),
    });
    return 0;
  },
};

const sandbox: Record<string, Cmd> = {
  ls: async (c, _argv, out) => {
    const list = await c.call('sandbox.ls', {});
    const rows = list.map((s) => [
      s.id.slice(0, 12),
      s.name,
      s.mode,
      s.endpoints.map((e) => `${e.network}:${e.ipv4 ?? ''}`).join(','),
      s.ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`).join(','),
    ]);
    out(table(['SANDBOX ID', 'NAME', 'MODE', 'NETWORKS', 'PORTS'], rows));
    return 0;
  },
  create: async (c, argv, out) => {
    const p = parseArgs(argv, {
      values: ['--network', '--publish', '--alias', '--hostname', '--ip'],
      alias: { '-p': '--publish', '--net': '--network', '-h': '--hostname' },
    });
    const [name] = need(
      p,
      1,
      'switchyard-engine sandbox create NAME [--network N ...] [--publish SPEC ...] [--alias A ...]',
    );
    const sb = await c.call('sandbox.create', {
      name: name as string,
      networks: many(p, '--network'),
      publish: many(p, '--publish'),
      aliases: many(p, '--alias'),
      hostname: one(p, '--hostname'),
      ip: one(p, '--ip'),
    });
    out(sb.id);
    return 0;
  },
  inspect: async (c, argv, out) => {
    const names = need(parseArgs(argv, {}), 1, 'switchyard-engine sandbox inspect NAME [NAME...]');
    out(json(await Promise.all(names.map((s) => c.call('sandbox.inspect', { sandbox: s })))));
    return 0;
  },
  rm: async (c, argv, out) => {
    for (const s of need(
      parseArgs(argv, { bools: ['--force'], alias: { '-f': '--force' } }),
      1,
      'switchyard-engine sandbox rm NAME [NAME...]',
    ))
      out((await c.call('sandbox.rm', { sandbox: s })).removed);
    return 0;
  },
  exec: async (c, argv) => {
    const p = parseArgs(argv, {});
    const [name] = need(p, 1, 'switchyard-engine sandbox exec NAME -- CMD [ARG...]');
    if (p.rest.length === 0 && p.positional.length < 2)
      throw new UsageError('give the command after the sandbox name: exec NAME -- CMD...');
    const cmd = p.rest.length > 0 ? p.rest : p.positional.slice(1);
    const r = await c.call('sandbox.exec', { sandbox: name as string, argv: cmd });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.exitCode;
  },
};

const diag: Record<string, Cmd> = {
  ping: async (c, argv, out) => {
    const p = parseArgs(argv, {
      values: [...FROM, '--count', '--interval', '--timeout'],
      alias: { '-c': '--count', '-i': '--interval', '-W': '--timeout' },
    });
    const { from, args } = fromOf(p);
    if (!args[0]) throw new UsageError('usage: switchyard-engine ping SANDBOX|--container ID HOST [-c N]');
    const r = await c.call(
      'diag.ping',
      {
        from,
        host: args[0],
        count: num(one(p, '--count'), 3, '--count'),
        intervalMs: num(one(p, '--interval'), 1, '--interval') * 1000,
        timeoutMs: num(one(p, '--timeout'), 10, '--timeout') * 1000,
      },
      (l) => out(String(l)),
    );
    return r.received > 0 ? 0 : 1;
  },
  dns: async (c, argv, out) => {
    const p = parseArgs(argv, { values: FROM });
    const { from, args } = fromOf(p);
    if (!args[0]) throw new UsageError('usage: switchyard-engine dns SANDBOX NAME [TYPE]');
    const r = await c.call('diag.dns', { from, name: args[0], type: (args[1] ?? 'A').toUpperCase() as 'A' });
    out(`server ${r.server}: ${r.status} (${r.ms} ms)`);
    for (const a of r.answers) out(`${a.name}\t${a.ttl}\t${a.type}\t${a.data}`);
    return r.status === 'NOERROR' ? 0 : 1;
  },
  tcp: async (c, argv, out) => {
    const p = parseArgs(argv, { values: [...FROM, '--timeout'] });
    const { from, args } = fromOf(p);
    if (!args[0] || !args[1]) throw new UsageError('usage: switchyard-engine tcp SANDBOX HOST PORT');
    const r = await c.call('diag.tcp', {
      from,
      host: args[0],
      port: num(args[1], 0, 'PORT'),
      timeoutMs: num(one(p, '--timeout'), 3, '--timeout') * 1000,
    });
    out(
      r.connected
        ? `connected to ${args[0]}:${args[1]} in ${r.ms} ms`
        : `cannot connect to ${args[0]}:${args[1]}: ${r.error} (${r.ms} ms)`,
    );
    return r.connected ? 0 : 1;
  },
  capture: async (c, argv, out) => {
    const p = parseArgs(argv, {
      values: [...FROM, '--iface', '--count', '--seconds'],
      alias: { '-i': '--iface', '-c': '--count' },
    });
    const { from } = fromOf(p);
    const r = await c.call(
      'diag.capture',
      {
        from,
        iface: one(p, '--iface') ?? 'any',
        maxPackets: num(one(p, '--count'), 100, '--count'),
        maxSeconds: num(one(p, '--seconds'), 10, '--seconds'),
        filter: p.rest,
      },
      (l) => process.stderr.write(`${String(l)}\n`),
    );
    out(`${r.file} (${r.packets} packets, ${r.bytes} bytes)`);
    return 0;
  },
  logs: async (c, argv, out) => {
    const p = parseArgs(argv, {
      values: ['--level', '--network', '--tail'],
      bools: ['--follow'],
      alias: { '-f': '--follow', '-n': '--tail' },
    });
    const print = (l: unknown) => out(JSON.stringify(l));
    const r = await c.call(
      'logs',
      {
        follow: p.bools.has('--follow'),
        level: (one(p, '--level') ?? 'debug') as 'debug',
        network: one(p, '--network'),
        tail: num(one(p, '--tail'), 200, '--tail'),
      },
      print,
    );
    r.lines.forEach(print);
    return 0;
  },
  events: async (c, _argv, out) => {
    await c.call('events', { stream: 'cli' }, (e) => out(JSON.stringify(e)));
    return 0;
  },
  version: async (c, _argv, out) => {
    out(json(await c.call('version', {})));
    return 0;
  },
};

/** The command table: `network <verb>`, `sandbox <verb>`, and the top-level verbs. */
export async function runCommand(c: EngineClient, argv: string[], out: Out): Promise<number> {
  const [group, verb, ...rest] = argv;
  const groups: Record<string, Record<string, Cmd>> = { network, sandbox };
  const table = group ? groups[group] : undefined;
  if (table) {
    const cmd = verb ? table[verb] : undefined;
    if (!cmd)
      throw new UsageError(
        `unknown command "${group} ${verb ?? ''}"; verbs: ${Object.keys(table).join(', ')}`,
      );
    return cmd(c, rest, out);
  }
  const top = group ? diag[group] : undefined;
  if (!top)
    throw new UsageError(
      `unknown command "${group ?? ''}"; commands: network, sandbox, ${Object.keys(diag).join(', ')}, daemon`,
    );
  return top(c, argv.slice(1), out);
}
