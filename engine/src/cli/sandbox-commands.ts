import { allValues, formatPublished, lastValue, parseFlags, UsageError } from '@switchyard/core';
import type { Cmd } from './common';
import type { VerbHelp } from './help';
import { ListFormat, inspectFormat } from './output';
import { need } from './args';

const SANDBOX_TABLE = '{{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Networks}}\t{{.Ports}}\t{{.Status}}';

/** `sandbox ls|create|inspect|rm|exec`. */
export const sandbox: Record<string, Cmd> = {
  ls: async (c, argv, out) => {
    const p = parseFlags(argv, {
      values: ['--format'],
      bools: ['--quiet', '--no-trunc'],
      alias: { '-q': '--quiet' },
    });
    const format = new ListFormat(
      lastValue(p, '--format'),
      {
        ID: 'SANDBOX ID',
        Name: 'NAME',
        Mode: 'MODE',
        Networks: 'NETWORKS',
        Ports: 'PORTS',
        Status: 'STATUS',
      },
      SANDBOX_TABLE,
    );
    const list = await c.call('sandbox.ls', {});
    const rows = list.map((s) => ({
      ID: p.bools.has('--no-trunc') ? s.id : s.id.slice(0, 12),
      Name: s.name,
      Mode: s.mode,
      Networks: s.endpoints.map((e) => `${e.network}:${e.ipv4 ?? ''}`).join(','),
      Ports: formatPublished(s.ports),
      Status: s.broken ? 'broken' : 'ready',
    }));
    if (p.bools.has('--quiet')) out(rows.map((r) => r.ID).join('\n'));
    else out(format.render(rows));
    if (lastValue(p, '--format') === undefined && !p.bools.has('--quiet'))
      for (const s of list) if (s.broken) out(`${s.name}: broken: ${s.broken}`);
    return 0;
  },
  create: async (c, argv, out) => {
    const p = parseFlags(argv, {
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
      networks: allValues(p, '--network'),
      publish: allValues(p, '--publish'),
      aliases: allValues(p, '--alias'),
      hostname: lastValue(p, '--hostname'),
      ip: lastValue(p, '--ip'),
      ip6: lastValue(p, '--ip6'),
    });
    out(sb.id);
    return 0;
  },
  inspect: async (c, argv, out) => {
    const p = parseFlags(argv, { values: ['--format'], alias: { '-f': '--format' } });
    const names = need(p, 1, 'switchyard-engine sandbox inspect [OPTIONS] NAME [NAME...]');
    const format = inspectFormat(lastValue(p, '--format'));
    out(format(await Promise.all(names.map((s) => c.call('sandbox.inspect', { sandbox: s })))));
    return 0;
  },
  rm: async (c, argv, out) => {
    for (const s of need(
      parseFlags(argv, { bools: ['--force'], alias: { '-f': '--force' } }),
      1,
      'switchyard-engine sandbox rm NAME [NAME...]',
    ))
      out((await c.call('sandbox.rm', { sandbox: s })).removed);
    return 0;
  },
  exec: async (c, argv) => {
    const p = parseFlags(argv, {});
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

export const sandboxHelp: Record<string, VerbHelp> = {
  ls: {
    usage: 'sandbox ls [OPTIONS]',
    summary: 'List sandboxes',
    options: [
      [
        '    --format STRING',
        'Format output: "table", "table TEMPLATE", "json", or a Go template ({{.Name}}, {{.Networks}})',
      ],
      ['    --no-trunc', 'Do not truncate the output'],
      ['-q, --quiet', 'Only display sandbox IDs'],
    ],
  },
  create: {
    usage: 'sandbox create [OPTIONS] NAME',
    summary: 'Create a sandbox (a network namespace) and attach it to networks',
    options: [
      ['    --network NAME', 'Network to join, repeatable'],
      ['-p, --publish SPEC', 'Publish a port (Docker syntax: 8080:80/tcp), repeatable'],
      ['    --alias NAME', 'DNS alias on its networks, repeatable'],
      ['-h, --hostname NAME', 'Host name'],
      ['    --ip IP', 'IPv4 address on the first network'],
      ['    --ip6 IP', 'IPv6 address on the first network'],
    ],
  },
  inspect: {
    usage: 'sandbox inspect [OPTIONS] NAME [NAME...]',
    summary: 'Display detailed information on lastValue or more sandboxes',
    options: [['-f, --format STRING', 'Format output: "json" (default) or a Go template']],
  },
  rm: {
    usage: 'sandbox rm NAME [NAME...]',
    summary: 'Remove lastValue or more sandboxes and their endpoints',
  },
  exec: { usage: 'sandbox exec NAME -- CMD [ARG...]', summary: "Run a command inside a sandbox's namespace" },
};
