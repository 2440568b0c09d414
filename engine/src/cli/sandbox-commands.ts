import { formatPublished } from '@switchyard/core';
import { UsageError, many, need, one, parseArgs } from './args';
import type { Cmd } from './common';
import { json, table } from './format';

/** `sandbox ls|create|inspect|rm|exec`. */
export const sandbox: Record<string, Cmd> = {
  ls: async (c, _argv, out) => {
    const list = await c.call('sandbox.ls', {});
    const rows = list.map((s) => [
      s.id.slice(0, 12),
      s.name,
      s.mode,
      s.endpoints.map((e) => `${e.network}:${e.ipv4 ?? ''}`).join(','),
      formatPublished(s.ports),
      s.broken ? 'broken' : 'ready',
    ]);
    out(table(['SANDBOX ID', 'NAME', 'MODE', 'NETWORKS', 'PORTS', 'STATUS'], rows));
    for (const s of list) if (s.broken) out(`${s.name}: broken: ${s.broken}`);
    return 0;
  },
  create: async (c, argv, out) => {
    const p = parseArgs(argv, {
      values: ['--network', '--publish', '--alias', '--hostname', '--ip', '--ip6'],
      alias: { '-p': '--publish', '--net': '--network', '-h': '--hostname' },
    });
    const [name] = need(
      p,
      1,
      'switchyard-engine sandbox create NAME [--network N ...] [--publish SPEC ...] [--alias A ...] [--ip IP] [--ip6 IP]',
    );
    const sb = await c.call('sandbox.create', {
      name: name as string,
      networks: many(p, '--network'),
      publish: many(p, '--publish'),
      aliases: many(p, '--alias'),
      hostname: one(p, '--hostname'),
      ip: one(p, '--ip'),
      ip6: one(p, '--ip6'),
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
