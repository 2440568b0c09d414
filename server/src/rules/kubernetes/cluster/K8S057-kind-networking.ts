import { addrOf, formatAddr, parsePrefix } from '@switchyard/core';
import { get, isMap, isSeq, str } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import { intOf } from '../../../kubernetes/objects';
import type { K8sRule, K8sRuleContext } from '../rule';

/**
 * kind's own config validation (`pkg/internal/apis/config/validate.go`), which `kind create cluster` runs
 * before it starts a node: `ipFamily`, the pod and service subnets against it, `apiServerPort`, and each
 * node's `extraPortMappings` (ports −1…65535; the same listen address, port and protocol twice on one node,
 * a wildcard address conflicting with any other). Texts are kind's (`errors.Errorf`/`Wrapf`).
 */
export const K8S057: K8sRule = {
  id: 'K8S057',
  title: 'kind cluster networking invalid',
  reads: [],
  run(ctx) {
    const c = ctx.project.cluster;
    if (c.source !== 'kind' || c.node === undefined) return;
    const net = get(c.node, 'networking');
    const familyNode = get(net, 'ipFamily');
    const family = str(familyNode) ?? 'ipv4';
    if (!['ipv4', 'ipv6', 'dual'].includes(family) && familyNode)
      error(ctx, `invalid ipFamily: ${family}`, familyNode);
    subnets(ctx, get(net, 'podSubnet'), family, 'pod');
    subnets(ctx, get(net, 'serviceSubnet'), family, 'service');
    const apiPort = get(net, 'apiServerPort');
    const apiPortValue = intOf(apiPort);
    if (apiPortValue !== undefined && apiPortValue !== 0 && apiPort && badPort(apiPortValue))
      error(ctx, `invalid apiServerPort: invalid port number: ${apiPortValue}`, apiPort);
    const nodes = get(c.node, 'nodes');
    if (isSeq(nodes)) nodes.items.forEach((n, i) => portMappings(ctx, n, i));
  },
};

function error({ report }: K8sRuleContext, message: string, n: PNode): void {
  report({ code: 'K8S057', severity: 'error', message, at: n.span });
}

const badPort = (p: number): boolean => p < -1 || p > 65535;

/** `validateSubnets`: each comma-separated CIDR parses; one per family on dual stack, one on single stack. */
function subnets(ctx: K8sRuleContext, n: PNode | null | undefined, family: string, what: string): void {
  const text = str(n);
  if (text === undefined || text === '' || !n) return;
  const parts = text.split(',');
  const families: (4 | 6)[] = [];
  for (const part of parts) {
    const p = parsePrefix(part);
    if (!p.ok) {
      error(
        ctx,
        `invalid ${what} subnet failed to parse cidr value:${JSON.stringify(part)} with error: invalid CIDR address: ${part}`,
        n,
      );
      return;
    }
    families.push(p.value.addr.family);
  }
  const dual = family === 'dual';
  const detail =
    dual && (parts.length > 2 || (parts.length === 2 && families[0] === families[1]))
      ? 'expected one (IPv4 or IPv6) CIDR or two CIDRs from each family for dual-stack networking'
      : !dual && parts.length > 1
        ? 'only one CIDR allowed for single-stack networking'
        : family === 'ipv4' && families[0] === 6
          ? 'expected IPv4 CIDR for IPv4 family'
          : family === 'ipv6' && families[0] === 4
            ? 'expected IPv6 CIDR for IPv6 family'
            : undefined;
  if (detail !== undefined) error(ctx, `invalid ${what} subnet ${detail}`, n);
}

/** `Node.Validate` for `extraPortMappings`: ranges, then the first duplicate binding (kind stops there). */
function portMappings(ctx: K8sRuleContext, node: PNode, index: number): void {
  const list = get(node, 'extraPortMappings');
  if (!isSeq(list)) return;
  const prefix = `invalid configuration for node ${index}: `;
  for (const m of list.items) {
    for (const key of ['hostPort', 'containerPort']) {
      const v = get(m, key);
      const port = intOf(v);
      if (port !== undefined && badPort(port) && v)
        error(ctx, `${prefix}invalid ${key}: invalid port number: ${port}`, v);
    }
  }
  // PORT/PROTOCOL → listen addresses already bound ("0.0.0.0" stands for "::" too).
  const bound = new Map<string, Set<string>>();
  for (const m of list.items) {
    if (!isMap(m)) continue;
    const hostPort = intOf(get(m, 'hostPort')) ?? 0;
    if (hostPort === -1 || hostPort === 0) continue;
    const protocol = str(get(m, 'protocol')) ?? 'TCP';
    const listenText = str(get(m, 'listenAddress')) ?? '0.0.0.0';
    const addr = addrOf(listenText);
    const shown = addr !== undefined ? formatAddr(addr) : '<nil>';
    const key = `${hostPort}/${protocol}`;
    const wildcard = shown === '0.0.0.0' || shown === '::';
    const canonical = wildcard ? '0.0.0.0' : shown;
    const set = bound.get(key) ?? new Set<string>();
    if (set.size > 0 && (wildcard || set.has(canonical) || set.has('0.0.0.0'))) {
      error(
        ctx,
        `${prefix}invalid portMapping: port mapping with same listen address, port and protocol already configured: ${shown}:${key}`,
        get(m, 'hostPort') ?? m,
      );
      return;
    }
    set.add(canonical);
    bound.set(key, set);
  }
}
