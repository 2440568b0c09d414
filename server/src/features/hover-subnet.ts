import {
  firstHost,
  formatAddr,
  formatPrefix,
  isMasked,
  lastAddress,
  masked,
  networkAddress,
  parsePrefix,
  usableCount,
  broadcastAddress,
} from '@switchyard/core';
import type { PNode } from '../yaml/tree';
import { get, str } from '../yaml/tree';

/**
 * Markdown for a subnet (or ip_range) value: its address range, how many addresses containers can get and
 * which gateway the network will use (the one written beside it, else Docker's default, the first host).
 */
export function subnetHover(cidr: string, configItem: PNode | null | undefined, isRange: boolean): string {
  const parsed = parsePrefix(cidr);
  if (!parsed.ok) return `\`${cidr}\` is not a CIDR subnet: ${parsed.error}`;
  const p = parsed.value;
  const net = masked(p);
  const lines = [`**${isRange ? 'ip_range' : 'subnet'} \`${formatPrefix(net)}\`** (IPv${p.addr.family})`, ''];
  if (!isMasked(p)) lines.push(`- host bits are set: Docker reads this as \`${formatPrefix(net)}\``);
  lines.push(`- range: \`${formatAddr(networkAddress(p))}\` – \`${formatAddr(lastAddress(p))}\``);
  const usable = usableCount(p);
  const forContainers =
    !isRange && usable > 1n
      ? ` (${(usable - 1n).toLocaleString('en-US')} for containers once the gateway takes one)`
      : '';
  lines.push(`- usable addresses: ${usable.toLocaleString('en-US')}${forContainers}`);
  const bc = broadcastAddress(p);
  if (bc) lines.push(`- broadcast: \`${formatAddr(bc)}\``);
  if (!isRange) {
    const gw = str(get(configItem, 'gateway'));
    lines.push(
      gw !== undefined
        ? `- gateway: \`${gw}\``
        : `- gateway: \`${formatAddr(firstHost(p))}\` (Docker's default)`,
    );
  }
  return lines.join('\n');
}
