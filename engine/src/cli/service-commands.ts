import {
  allValues,
  keyValues,
  lastValue,
  parseDuration,
  parseFlags,
  parseServicePublish,
  UsageError,
} from '@switchyard/core';
import type { ParsedFlags } from '@switchyard/core';
import type { ServiceInfo } from '@switchyard/protocol';
import type { Cmd } from './common';
import { num } from './common';
import { json, table } from './format';
import { need } from './args';

const CREATE_USAGE =
  'switchyard-engine service create NAME --network N [--network M ...] [--replicas K] ' +
  '[--publish [mode=ingress|host,]P:T[/tcp|udp] ...] [--endpoint-mode vip|dnsrr] [--constraint host==H ...] ' +
  '[--alias A ...] [--label k=v ...] [--health-cmd CMD [--health-interval D] [--health-timeout D] ' +
  '[--health-retries N] [--health-start-period D] [--health-start-interval D]] [--stop-grace-period D] ' +
  '[-- COMMAND [ARG...]]';

/** A duration flag (Go's form: 500ms, 2s, 1m30s) in ms, or undefined when not given. */
function durationFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (typeof ms === 'string') throw new UsageError(`${flag}: ${ms}`);
  return ms;
}

/** Docker's `--health-*` flags as the protocol's healthcheck; the others need `--health-cmd`. */
function healthcheckFlags(p: ParsedFlags) {
  const cmd = lastValue(p, '--health-cmd');
  const given = HEALTH_FLAGS.filter((f) => f !== '--health-cmd' && lastValue(p, f) !== undefined);
  if (cmd === undefined) {
    if (given.length > 0) throw new UsageError(`${given[0]} needs --health-cmd`);
    return undefined;
  }
  const opt = (k: string, v: number | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    cmd,
    ...opt('intervalMs', durationFlag(lastValue(p, '--health-interval'), '--health-interval')),
    ...opt('timeoutMs', durationFlag(lastValue(p, '--health-timeout'), '--health-timeout')),
    ...opt('startPeriodMs', durationFlag(lastValue(p, '--health-start-period'), '--health-start-period')),
    ...opt(
      'startIntervalMs',
      durationFlag(lastValue(p, '--health-start-interval'), '--health-start-interval'),
    ),
    ...opt(
      'retries',
      lastValue(p, '--health-retries') === undefined
        ? undefined
        : num(lastValue(p, '--health-retries'), 3, '--health-retries'),
    ),
  };
}

const HEALTH_FLAGS = [
  '--health-cmd',
  '--health-interval',
  '--health-timeout',
  '--health-retries',
  '--health-start-period',
  '--health-start-interval',
];

const ports = (s: ServiceInfo) =>
  s.ports
    .map((p) => `*:${p.published}->${p.target}/${p.protocol}${p.mode === 'host' ? ' (host)' : ''}`)
    .join(', ');

/** `service create|ls|inspect|scale|rm|ps`: services across the cluster's hosts (engine/src/services/). */
export const service: Record<string, Cmd> = {
  create: async (c, argv, out) => {
    const p = parseFlags(argv, {
      values: [
        '--network',
        '--replicas',
        '--publish',
        '--endpoint-mode',
        '--constraint',
        '--alias',
        '--label',
        '--command',
        ...HEALTH_FLAGS,
        '--stop-grace-period',
      ],
      alias: { '-p': '--publish', '--net': '--network', '-l': '--label' },
    });
    const [name] = need(p, 1, CREATE_USAGE);
    const publish = allValues(p, '--publish').map((spec) => {
      const r = parseServicePublish(spec);
      if (typeof r === 'string') throw new UsageError(r);
      return r;
    });
    const mode = lastValue(p, '--endpoint-mode') ?? 'vip';
    if (mode !== 'vip' && mode !== 'dnsrr')
      throw new UsageError(`invalid --endpoint-mode "${mode}": use vip or dnsrr`);
    // The command after `--` (argv, no shell); `--command` takes one word for a one-word command.
    const command = p.rest.length > 0 ? p.rest : allValues(p, '--command');
    const healthcheck = healthcheckFlags(p);
    const grace = durationFlag(lastValue(p, '--stop-grace-period'), '--stop-grace-period');
    const s = await c.call('service.create', {
      name: name as string,
      networks: allValues(p, '--network'),
      replicas: num(lastValue(p, '--replicas'), 1, '--replicas'),
      ports: publish,
      endpointMode: mode,
      constraints: allValues(p, '--constraint'),
      aliases: allValues(p, '--alias'),
      labels: keyValues(allValues(p, '--label'), '--label'),
      ...(command.length > 0 ? { command } : {}),
      ...(healthcheck ? { healthcheck } : {}),
      ...(grace !== undefined ? { stopGracePeriodMs: grace } : {}),
    });
    out(s.id);
    return 0;
  },
  ls: async (c, argv, out) => {
    const p = parseFlags(argv, { values: ['--format'] });
    const list = await c.call('service.ls', {});
    if (lastValue(p, '--format') === 'json') {
      out(json(list));
      return 0;
    }
    const rows = list.map((s) => [
      s.id.slice(0, 12),
      s.name,
      s.endpointMode,
      `${s.running}/${s.replicas}`,
      s.networks.flatMap((n) => (n.vip ? [`${n.name}:${n.vip}`] : n.ingress ? [] : [n.name])).join(','),
      ports(s),
    ]);
    out(table(['ID', 'NAME', 'MODE', 'REPLICAS', 'NETWORKS (VIP)', 'PORTS'], rows));
    return 0;
  },
  inspect: async (c, argv, out) => {
    const names = need(parseFlags(argv, {}), 1, 'switchyard-engine service inspect NAME [NAME...]');
    out(json(await Promise.all(names.map((s) => c.call('service.inspect', { service: s })))));
    return 0;
  },
  scale: async (c, argv, out) => {
    // Docker's form: `service scale NAME=K [NAME=K...]`; `service scale NAME K` is taken too.
    const args = need(
      parseFlags(argv, {}),
      1,
      'switchyard-engine service scale NAME=REPLICAS [NAME=REPLICAS...]',
    );
    const pairs =
      args.length === 2 && !args[0]?.includes('=') ? [[args[0], args[1]]] : args.map((a) => a.split('='));
    for (const [name, k] of pairs) {
      if (!name || k === undefined || !/^\d+$/.test(k))
        throw new UsageError(
          `invalid scale specifier "${name}${k === undefined ? '' : `=${k}`}": use NAME=REPLICAS`,
        );
      const s = await c.call('service.scale', { service: name, replicas: Number(k) });
      out(`${s.name} scaled to ${s.replicas}`);
    }
    return 0;
  },
  rm: async (c, argv, out) => {
    for (const s of need(parseFlags(argv, {}), 1, 'switchyard-engine service rm NAME [NAME...]'))
      out((await c.call('service.rm', { service: s })).removed);
    return 0;
  },
  ps: async (c, argv, out) => {
    const p = parseFlags(argv, { values: ['--format'] });
    const [name] = need(p, 1, 'switchyard-engine service ps NAME');
    const list = await c.call('service.ps', { service: name as string });
    if (lastValue(p, '--format') === 'json') {
      out(json(list));
      return 0;
    }
    const rows = list.map((r) => [
      r.name,
      r.host || '-',
      r.sandbox?.slice(0, 12) ?? '-',
      r.addresses.map((a) => `${a.network}:${a.ipv4 ?? a.ipv6 ?? ''}`).join(','),
      r.health ? `${r.state} (${r.health})` : r.state,
      r.error ?? '',
    ]);
    out(table(['NAME', 'HOST', 'SANDBOX', 'ADDRESSES', 'STATE', 'ERROR'], rows));
    return 0;
  },
};
