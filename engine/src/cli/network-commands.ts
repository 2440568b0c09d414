import { allValues, lastValue, matchesLabel, parseFlags } from '@switchyard/core';
import type { NetworkInspect } from '@switchyard/protocol';
import type { Cmd } from './common';
import { confirm } from './common';
import { parseFilters, untilInstant } from './filters';
import type { VerbHelp } from './help';
import { json } from './format';
import { networkCreateParams } from './network-create';
import { ListFormat, inspectFormat } from './output';
import { need } from './args';

const FORMAT_HELP = 'Format output: "table", "table TEMPLATE", "json", or a Go template such as "{{.Name}}"';

/** The fields `network ls --format` offers, as Docker's (`{{.ID}}`, `{{.Name}}`, `{{.Label "k"}}`, …). */
function lsRow(n: NetworkInspect, noTrunc: boolean) {
  return {
    ID: noTrunc ? n.Id : n.Id.slice(0, 12),
    Name: n.Name,
    Driver: n.Driver,
    Scope: n.Scope,
    IPv6: String(n.EnableIPv6),
    Internal: String(n.Internal),
    Labels: Object.entries(n.Labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    CreatedAt: n.Created,
    Status: n.Broken ? 'broken' : 'ready',
    Label: (key: unknown) => n.Labels[String(key)] ?? '',
  };
}
const LS_COLUMNS = {
  ID: 'NETWORK ID',
  Name: 'NAME',
  Driver: 'DRIVER',
  Scope: 'SCOPE',
  IPv6: 'IPV6',
  Internal: 'INTERNAL',
  Labels: 'LABELS',
  CreatedAt: 'CREATED AT',
  Status: 'STATUS',
  Label: 'LABEL',
};
const LS_TABLE = '{{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}';

/** `network ls --filter`: Docker's keys; values of lastValue key are alternatives, keys must all hold. */
function lsFilter(filters: Map<string, string[]>): (n: NetworkInspect) => boolean {
  const any = (key: string, test: (v: string) => boolean) => {
    const values = filters.get(key);
    return values === undefined || values.some(test);
  };
  return (n) =>
    any('name', (v) => n.Name.includes(v)) &&
    any('id', (v) => n.Id.startsWith(v)) &&
    any('driver', (v) => n.Driver === v) &&
    any('scope', (v) => n.Scope === v) &&
    any('label', (v) => matchesLabel(n.Labels, v)) &&
    any('type', (v) => (v === 'builtin') === ['bridge', 'host', 'none'].includes(n.Name)) &&
    any('dangling', (v) => (v === 'true') === (Object.keys(n.Containers ?? {}).length === 0));
}

/** `network ls|create|inspect|rm|prune|connect|disconnect`, with Docker's flags and output. */
export const network: Record<string, Cmd> = {
  ls: async (c, argv, out) => {
    const p = parseFlags(argv, {
      values: ['--filter', '--format'],
      bools: ['--quiet', '--no-trunc'],
      alias: { '-f': '--filter', '-q': '--quiet' },
    });
    const keep = lsFilter(
      parseFilters(allValues(p, '--filter'), ['name', 'id', 'driver', 'scope', 'label', 'type', 'dangling']),
    );
    const format = new ListFormat(lastValue(p, '--format'), LS_COLUMNS, LS_TABLE, ['Label']);
    const nets = (await c.call('network.ls', {})).filter(keep);
    const rows = nets.map((n) => lsRow(n, p.bools.has('--no-trunc')));
    if (p.bools.has('--quiet')) out(rows.map((r) => r.ID).join('\n'));
    else if (lastValue(p, '--format') === undefined && nets.some((n) => n.Broken)) {
      // Docker's columns, plus a status only when something is broken (keeps scripts' parsing intact).
      out(
        new ListFormat('table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}\t{{.Status}}', LS_COLUMNS, '', [
          'Label',
        ]).render(rows),
      );
      for (const n of nets) if (n.Broken) out(`${n.Name}: broken: ${n.Broken}`);
    } else out(format.render(rows));
    return 0;
  },
  create: async (c, argv, out) => {
    const p = parseFlags(argv, {
      values: ['--driver', '--subnet', '--gateway', '--ip-range', '--aux-address', '--label', '--opt'],
      bools: ['--internal', '--ipv6', '--attachable'],
      alias: { '-d': '--driver', '-o': '--opt' },
    });
    const [name] = need(p, 1, 'switchyard-engine network create [OPTIONS] NETWORK');
    out((await c.call('network.create', networkCreateParams(name as string, p))).Id);
    return 0;
  },
  inspect: async (c, argv, out) => {
    const p = parseFlags(argv, { values: ['--format'], alias: { '-f': '--format' } });
    const names = need(p, 1, 'switchyard-engine network inspect [OPTIONS] NETWORK [NETWORK...]');
    const format = inspectFormat(lastValue(p, '--format'));
    out(format(await Promise.all(names.map((network) => c.call('network.inspect', { network })))));
    return 0;
  },
  rm: async (c, argv, out) => {
    const p = parseFlags(argv, { bools: ['--force'], alias: { '-f': '--force' } });
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
    const p = parseFlags(argv, { values: ['--filter'], bools: ['--force'], alias: { '-f': '--force' } });
    const filters = parseFilters(allValues(p, '--filter'), ['label', 'label!', 'until']);
    const until = filters.get('until');
    const params = {
      ...(filters.has('label') ? { labels: filters.get('label') } : {}),
      ...(filters.has('label!') ? { notLabels: filters.get('label!') } : {}),
      // Of several `until` values the earliest instant is the lastValue all of them allow.
      ...(until ? { until: until.map((u) => untilInstant(u, Date.now())).sort()[0] } : {}),
    };
    if (
      !p.bools.has('--force') &&
      !(await confirm(
        'WARNING! This will remove every engine network that no sandbox or container is attached to' +
          `${filters.size > 0 ? ' and that the filters pick' : ''}.\nAre you sure you want to continue?`,
      ))
    ) {
      process.stderr.write('network prune cancelled: nothing was removed\n');
      return 1;
    }
    const { removed } = await c.call('network.prune', params);
    if (removed.length > 0) out(`Deleted Networks:\n${removed.join('\n')}`);
    return 0;
  },
  connect: async (c, argv, out) => {
    const p = parseFlags(argv, { values: ['--ip', '--ip6', '--alias'] });
    const [net, sb] = need(p, 2, 'switchyard-engine network connect [OPTIONS] NETWORK SANDBOX');
    const ep = await c.call('network.connect', {
      network: net as string,
      sandbox: sb as string,
      ip: lastValue(p, '--ip'),
      ip6: lastValue(p, '--ip6'),
      aliases: allValues(p, '--alias'),
    });
    out(json(ep));
    return 0;
  },
  disconnect: async (c, argv) => {
    const p = parseFlags(argv, { bools: ['--force'], alias: { '-f': '--force' } });
    const [net, sb] = need(p, 2, 'switchyard-engine network disconnect [OPTIONS] NETWORK SANDBOX');
    await c.call('network.disconnect', {
      network: net as string,
      sandbox: sb as string,
      force: p.bools.has('--force'),
    });
    return 0;
  },
};

/** `switchyard-engine network VERB --help`. */
export const networkHelp: Record<string, VerbHelp> = {
  ls: {
    usage: 'network ls [OPTIONS]',
    summary: 'List networks',
    options: [
      ['-f, --filter KEY=VALUE', 'Filter: name, id, driver, scope, label, type (custom|builtin), dangling'],
      ['    --format STRING', FORMAT_HELP],
      ['    --no-trunc', 'Do not truncate the output'],
      ['-q, --quiet', 'Only display network IDs'],
    ],
  },
  create: {
    usage: 'network create [OPTIONS] NETWORK',
    summary: 'Create a network',
    options: [
      ['-d, --driver DRIVER', 'bridge (default), macvlan, overlay (in a cluster)'],
      ['    --subnet CIDR', 'Subnet, repeatable (lastValue IPv4, lastValue IPv6)'],
      ['    --gateway IP', 'Gateway of the subnet that contains it'],
      ['    --ip-range CIDR', 'Allocate addresses from this part of the subnet'],
      ['    --aux-address NAME=IP', 'Address the engine must not hand out'],
      ['    --label KEY=VALUE', 'Label, repeatable'],
      ['-o, --opt KEY=VALUE', 'Driver option, repeatable'],
      ['    --internal', 'No route out of the network'],
      ['    --ipv6', 'Enable IPv6'],
      ['    --attachable', 'Accepted for Docker compatibility'],
    ],
  },
  inspect: {
    usage: 'network inspect [OPTIONS] NETWORK [NETWORK...]',
    summary: 'Display detailed information on lastValue or more networks',
    options: [
      ['-f, --format STRING', 'Format output: "json" (default) or a Go template such as "{{.IPAM.Config}}"'],
    ],
  },
  rm: {
    usage: 'network rm [OPTIONS] NETWORK [NETWORK...]',
    summary: 'Remove lastValue or more networks',
    options: [['-f, --force', 'Do not error if the network does not exist']],
  },
  prune: {
    usage: 'network prune [OPTIONS]',
    summary: 'Remove all unused networks',
    options: [
      ['    --filter KEY=VALUE', 'label=K[=V], label!=K[=V], until=24h|TIMESTAMP'],
      ['-f, --force', 'Do not prompt for confirmation'],
    ],
  },
  connect: {
    usage: 'network connect [OPTIONS] NETWORK SANDBOX',
    summary: 'Connect a sandbox to a network',
    options: [
      ['    --ip IP', 'IPv4 address'],
      ['    --ip6 IP', 'IPv6 address'],
      ['    --alias NAME', 'Network-scoped alias, repeatable'],
    ],
  },
  disconnect: {
    usage: 'network disconnect [OPTIONS] NETWORK SANDBOX',
    summary: 'Disconnect a sandbox from a network',
    options: [['-f, --force', 'Force the sandbox to disconnect']],
  },
};
