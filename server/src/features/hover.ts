import type { Hover } from 'vscode-languageserver';
import { str } from '../yaml/tree';
import type { PNode } from '../yaml/tree';
import { rangeOf } from '../lsp/diagnostics';
import type { FeatureContext } from './context';
import { matches } from './locate';
import { addressHover } from './hover-address';
import { networkHover } from './hover-network';
import { networkNameAt } from './network-refs';
import { portHover } from './hover-port';
import { subnetHover } from './hover-subnet';

/** Hover: a network's definition and users, a subnet's arithmetic, a port mapping in words. */
export function hover(ctx: FeatureContext): Hover | null {
  const { loc } = ctx;
  const network = networkNameAt(loc);
  if (network !== undefined) return markdown(ctx, networkHover(ctx.project, network));
  const last = loc.steps[loc.steps.length - 1];
  if (last === undefined || loc.onKey) return null;
  if (matches(loc, ['networks', '*', 'ipam', 'config', '#', '*'])) {
    const value = str(last.node);
    if ((last.key === 'subnet' || last.key === 'ip_range') && value !== undefined) {
      const text = subnetHover(value, loc.steps[4]?.node, last.key === 'ip_range');
      return markdown(ctx, text, last.node);
    }
  }
  if (matches(loc, ['services', '*', 'networks', '*', '*'])) {
    const value = str(last.node);
    const network = loc.steps[3]?.key;
    if (
      (last.key === 'ipv4_address' || last.key === 'ipv6_address') &&
      value !== undefined &&
      typeof network === 'string'
    ) {
      return markdown(ctx, addressHover(ctx.project, network, value), last.node);
    }
  }
  if (matches(loc, ['services', '*', 'ports', '#'], false)) {
    const item = loc.steps[3]?.node ?? null;
    const text = portHover(item);
    return text === undefined ? null : markdown(ctx, text, item);
  }
  return null;
}

function markdown(ctx: FeatureContext, value: string, node?: PNode | null): Hover {
  const range = node ? rangeOf(ctx.project, node.span) : undefined;
  return { contents: { kind: 'markdown', value }, ...(range ? { range } : {}) };
}
