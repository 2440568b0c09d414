import type { Cmd } from './common';
import { FROM, fromOf, num } from './common';
import { describeFeatures } from '../kernel/features';
import { json } from './format';
import type { VerbHelp } from './help';
import { lastValue, parseFlags, UsageError } from '@switchyard/core';

/** The top-level verbs: `ping|dns|tcp|capture`, `logs`, `events`, `version`, `info`. */
export const diag: Record<string, Cmd> = {
  ping: async (c, argv, out) => {
    const p = parseFlags(argv, {
      values: [...FROM, '--count', '--interval', '--timeout'],
      alias: { '-c': '--count', '-i': '--interval', '-W': '--timeout' },
    });
    const { from, args } = fromOf(p);
    if (!args[0]) throw new UsageError('usage: switchyard-engine ping SANDBOX|--container ID HOST [-c N]');
    const r = await c.stream(
      'diag.ping',
      {
        from,
        host: args[0],
        count: num(lastValue(p, '--count'), 3, '--count'),
        intervalMs: num(lastValue(p, '--interval'), 1, '--interval') * 1000,
        timeoutMs: num(lastValue(p, '--timeout'), 10, '--timeout') * 1000,
      },
      (l) => out(String(l)),
    );
    return r.received > 0 ? 0 : 1;
  },
  dns: async (c, argv, out) => {
    const p = parseFlags(argv, { values: FROM });
    const { from, args } = fromOf(p);
    if (!args[0]) throw new UsageError('usage: switchyard-engine dns SANDBOX NAME [TYPE]');
    const r = await c.call('diag.dns', { from, name: args[0], type: (args[1] ?? 'A').toUpperCase() as 'A' });
    out(`server ${r.server}: ${r.status} (${r.ms} ms)`);
    for (const a of r.answers) out(`${a.name}\t${a.ttl}\t${a.type}\t${a.data}`);
    return r.status === 'NOERROR' ? 0 : 1;
  },
  tcp: async (c, argv, out) => {
    const p = parseFlags(argv, { values: [...FROM, '--timeout'] });
    const { from, args } = fromOf(p);
    if (!args[0] || !args[1]) throw new UsageError('usage: switchyard-engine tcp SANDBOX HOST PORT');
    const r = await c.call('diag.tcp', {
      from,
      host: args[0],
      port: num(args[1], 0, 'PORT'),
      timeoutMs: num(lastValue(p, '--timeout'), 3, '--timeout') * 1000,
    });
    out(
      r.connected
        ? `connected to ${args[0]}:${args[1]} in ${r.ms} ms`
        : `cannot connect to ${args[0]}:${args[1]}: ${r.error} (${r.ms} ms)`,
    );
    return r.connected ? 0 : 1;
  },
  capture: async (c, argv, out) => {
    const p = parseFlags(argv, {
      values: [...FROM, '--iface', '--count', '--seconds'],
      alias: { '-i': '--iface', '-c': '--count' },
    });
    const { from } = fromOf(p);
    const r = await c.stream(
      'diag.capture',
      {
        from,
        iface: lastValue(p, '--iface') ?? 'any',
        maxPackets: num(lastValue(p, '--count'), 100, '--count'),
        maxSeconds: num(lastValue(p, '--seconds'), 10, '--seconds'),
        filter: p.rest,
      },
      (l) => process.stderr.write(`${String(l)}\n`),
    );
    out(`${r.file} (${r.packets} packets, ${r.bytes} bytes)`);
    return 0;
  },
  logs: async (c, argv, out) => {
    const p = parseFlags(argv, {
      values: ['--level', '--network', '--tail'],
      bools: ['--follow'],
      alias: { '-f': '--follow', '-n': '--tail' },
    });
    const print = (l: unknown) => out(JSON.stringify(l));
    const r = await c.stream(
      'logs',
      {
        follow: p.bools.has('--follow'),
        level: (lastValue(p, '--level') ?? 'debug') as 'debug',
        network: lastValue(p, '--network'),
        tail: num(lastValue(p, '--tail'), 200, '--tail'),
      },
      print,
    );
    r.lines.forEach(print);
    return 0;
  },
  events: async (c, argv, out) => {
    parseFlags(argv, {});
    await c.stream('events', {}, (e) => out(JSON.stringify(e)));
    return 0;
  },
  version: async (c, argv, out) => {
    parseFlags(argv, {});
    out(json(await c.call('version', {})));
    return 0;
  },
  /** `docker info`'s spirit: the engine and what this host's kernel offers its drivers, lastValue line each. */
  info: async (c, argv, out) => {
    parseFlags(argv, {});
    const v = await c.call('version', {});
    out(`engine ${v.engineVersion} (API ${v.apiVersion}, node ${v.node}), prefix ${v.prefix}, pid ${v.pid}`);
    if (!v.kernel) out('kernel features: not reported by this engine');
    else {
      out(`kernel ${v.kernel.release}, features probed at engine start:`);
      for (const line of describeFeatures(v.kernel)) out(`  ${line}`);
    }
    return 0;
  },
};

const FROM_HELP: [string, string][] = [
  ['    --container ID', "Run inside this Docker container's network namespace instead of a sandbox"],
  ['    --pid PID', 'Run inside the network namespace of this process'],
];

/** `switchyard-engine VERB --help` for the top-level verbs. */
export const diagHelp: Record<string, VerbHelp> = {
  ping: {
    usage: 'ping [OPTIONS] SANDBOX|--container ID HOST',
    summary: 'Ping HOST from inside a sandbox or a container',
    options: [
      ['-c, --count N', 'Echo requests to send (default 3)'],
      ['-i, --interval SECONDS', 'Between requests (default 1)'],
      ['-W, --timeout SECONDS', 'Give up after (default 10)'],
      ...FROM_HELP,
    ],
  },
  dns: {
    usage: 'dns [OPTIONS] SANDBOX|--container ID NAME [TYPE]',
    summary: "Resolve NAME through the sandbox's own resolver (TYPE: A by default)",
    options: FROM_HELP,
  },
  tcp: {
    usage: 'tcp [OPTIONS] SANDBOX|--container ID HOST PORT',
    summary: 'Open a TCP connection from inside a sandbox or a container',
    options: [['    --timeout SECONDS', 'Give up after (default 3)'], ...FROM_HELP],
  },
  capture: {
    usage: 'capture [OPTIONS] SANDBOX|--container ID [-- FILTER...]',
    summary: 'Capture packets inside a sandbox or a container into a pcap file on the host',
    options: [
      ['-i, --iface NAME', 'Interface (default any)'],
      ['-c, --count N', 'Stop after N packets (default 100)'],
      ['    --seconds N', 'Stop after N seconds (default 10)'],
      ...FROM_HELP,
    ],
  },
  logs: {
    usage: 'logs [OPTIONS]',
    summary: "The engine's structured log, lastValue JSON object per line",
    options: [
      ['-f, --follow', 'Keep printing new lines'],
      ['    --level LEVEL', 'debug, info, warn, error'],
      ['    --network NAME', 'Only lines about this network'],
      ['-n, --tail N', 'Lines from the end (default 200)'],
    ],
  },
  events: { usage: 'events', summary: 'Print engine events as they happen, lastValue JSON object per line' },
  version: { usage: 'version', summary: "The engine's version and API version (asks the daemon)" },
  info: { usage: 'info', summary: 'The engine and the kernel features its drivers need' },
};
