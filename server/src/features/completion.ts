import { CompletionItemKind, MarkupKind } from 'vscode-languageserver';
import type { CompletionItem, Range } from 'vscode-languageserver';
import { SUGGESTED_IPV6_POOLS, tryFreeSubnet } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from '../compose/project';
import { at, bool, get, isMap, isSeq, str } from '../yaml/tree';
import { positionAt } from '../lsp/positions';
import { networkRefs } from '../rules/compose/references/NET010-undefined-network';
import { DRIVERS, DRIVER_OPTS, NETWORK_MODES } from './completion-data';
import { textPathAt } from './yaml-path';
import type { TextPath } from './yaml-path';

export interface CompletionInput {
  project: ComposeProject;
  /** The open document's text and the cursor offset in it. */
  text: string;
  lineStarts: number[];
  offset: number;
  host: HostSnapshot | null;
}

const is = (tp: TextPath, ...pattern: string[]): boolean =>
  tp.path.length === pattern.length && pattern.every((p, i) => p === '*' || tp.path[i] === p);

/** Network names, drivers, driver options, network modes and a free subnet, where each is expected. */
export function completion(input: CompletionInput): CompletionItem[] {
  const tp = textPathAt(input.text, input.offset);
  const range: Range = {
    start: positionAt(input.lineStarts, input.offset - tp.prefix.length),
    end: positionAt(input.lineStarts, input.offset),
  };
  const items = itemsFor(tp, input);
  return items.map((i) => ({ ...i, textEdit: { range, newText: i.insertText ?? i.label } }));
}

function itemsFor(tp: TextPath, input: CompletionInput): CompletionItem[] {
  const { project } = input;
  const serviceNetworks =
    (is(tp, 'services', '*', 'networks', '#') && tp.valueKey === undefined) ||
    (is(tp, 'services', '*', 'networks') && tp.valueKey === undefined) ||
    (is(tp, 'services', '*') && tp.valueKey === 'networks' && tp.inItem);
  if (serviceNetworks) {
    const suffix = is(tp, 'services', '*', 'networks') ? ':' : '';
    return networkNames(project, suffix, listedBy(project, tp.path[1], tp.prefix));
  }
  if (is(tp, 'networks', '*') && tp.valueKey === 'driver') return drivers();
  if (is(tp, 'networks', '*', 'driver_opts') && tp.valueKey === undefined) {
    return driverOptions(str(get(networkBody(project, tp.path[1]), 'driver')) ?? 'bridge');
  }
  if (is(tp, 'services', '*') && tp.valueKey === 'network_mode') return networkModes(project, tp.path[1]);
  if (is(tp, 'networks', '*', 'ipam', 'config', '#') && tp.valueKey === 'subnet') {
    return freeSubnets(
      project,
      input.host,
      bool(get(networkBody(project, tp.path[1]), 'enable_ipv6')) === true,
    );
  }
  return [];
}

function networkBody(project: ComposeProject, key: string | undefined): ReturnType<typeof get> {
  return project.networks.find((n) => n.key === key)?.node ?? null;
}

/** Networks the service already lists (other than the word being typed), which completion leaves out. */
function listedBy(project: ComposeProject, service: string | undefined, typing: string): Set<string> {
  const svc = project.services.find((s) => s.name === service);
  const names = networkRefs(get(svc?.node, 'networks')).map((r) => r.name);
  return new Set(names.filter((n) => n !== typing));
}

function networkNames(project: ComposeProject, suffix: string, exclude: Set<string>): CompletionItem[] {
  return project.networks
    .filter((n) => !n.implicit && !exclude.has(n.key))
    .map((n) => ({
      label: n.key,
      kind: CompletionItemKind.Reference,
      detail: `network ${n.engineName}${n.external ? ' (external)' : ''}`,
      insertText: `${n.key}${suffix}`,
    }));
}

function drivers(): CompletionItem[] {
  return DRIVERS.map((d, i) => ({
    label: d.name,
    kind: CompletionItemKind.EnumMember,
    documentation: { kind: MarkupKind.Markdown, value: d.doc },
    sortText: String(i).padStart(2, '0'),
  }));
}

function driverOptions(driver: string): CompletionItem[] {
  return (DRIVER_OPTS[driver] ?? []).map((o) => ({
    label: o.name,
    kind: CompletionItemKind.Property,
    detail: `${driver} driver option`,
    documentation: { kind: MarkupKind.Markdown, value: o.doc },
    insertText: `${o.name}: ${o.value ?? ''}`,
  }));
}

function networkModes(project: ComposeProject, self: string | undefined): CompletionItem[] {
  const modes = NETWORK_MODES.map((m) => ({
    label: m.name,
    kind: CompletionItemKind.EnumMember,
    documentation: { kind: MarkupKind.Markdown, value: m.doc },
  }));
  const services = project.services
    .filter((s) => s.name !== self)
    .map((s) => ({
      label: `service:${s.name}`,
      kind: CompletionItemKind.Reference,
      detail: `share the network stack of service ${s.name}`,
    }));
  return [...modes, ...services];
}

/** Subnets in use: every subnet of the project and, when a host is connected, of its networks. */
export function usedSubnets(project: ComposeProject, host: HostSnapshot | null): string[] {
  const own = project.networks.flatMap((n) => {
    const config = at(n.node, 'ipam', 'config');
    if (!isSeq(config)) return [];
    return config.items.flatMap((c) =>
      isMap(c) && str(get(c, 'subnet')) ? [str(get(c, 'subnet')) ?? ''] : [],
    );
  });
  const onHost = (host?.networks ?? []).flatMap((n) => n.subnets.map((s) => s.subnet));
  return [...own, ...onHost, ...(host?.routes ?? [])];
}

function freeSubnets(project: ComposeProject, host: HostSnapshot | null, ipv6: boolean): CompletionItem[] {
  const used = usedSubnets(project, host);
  const where = host ? `this project and host ${host.host}` : 'this project';
  const candidates = [
    tryFreeSubnet(used, 24),
    tryFreeSubnet(used),
    ipv6 ? tryFreeSubnet(used, 64, SUGGESTED_IPV6_POOLS) : undefined,
  ];
  const unique = [...new Set(candidates.filter((c): c is string => c !== undefined))];
  return unique.map((subnet, i) => ({
    label: subnet,
    kind: CompletionItemKind.Value,
    detail: `free subnet: overlaps nothing in ${where}`,
    sortText: String(i),
    preselect: i === 0,
  }));
}
