import { many, need, one, parseArgs } from './args';
import type { Cmd } from './common';
import { json, table } from './format';
import { networkCreateParams } from './network-create';

/** `network ls|create|inspect|rm|prune|connect|disconnect`, with Docker's flags and output. */
export const network: Record<string, Cmd> = {
  ls: async (c, argv, out) => {
    const p = parseArgs(argv, {
      values: ['--filter'],
      bools: ['--quiet', '--no-trunc'],
      alias: { '-f': '--filter', '-q': '--quiet' },
    });
    const nets = await c.call('network.ls', { filter: one(p, '--filter') });
    const id = (s: string) => (p.bools.has('--no-trunc') ? s : s.slice(0, 12));
    if (p.bools.has('--quiet')) out(nets.map((n) => id(n.Id)).join('\n'));
    else if (nets.some((n) => n.Broken)) {
      // Docker's columns, plus a status only when something is broken (keeps scripts' parsing intact).
      const rows = nets.map((n) => [id(n.Id), n.Name, n.Driver, n.Scope, n.Broken ? 'broken' : 'ready']);
      out(table(['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE', 'STATUS'], rows));
      for (const n of nets) if (n.Broken) out(`${n.Name}: broken: ${n.Broken}`);
    } else
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
