import { prefixOf } from '@switchyard/core';
import type { Rule, RuleContext } from '../../rule';
import { bool, entry, get } from '../../../yaml/tree';
import type { NetworkModel } from '../../../compose/project';
import { attachmentEntry, attachments, ipamOf, managedNetworks } from '../model';
import { forNetwork } from '../created';

/**
 * `enable_ipv4: false` (Engine 28, Compose 2.33.1): an IPv6-only network. Without `enable_ipv6: true` it
 * would have no addresses at all (error); IPv4 subnets are then ignored (warning); an `ipv4_address` on it
 * cannot be assigned (error). The engine's own text was not captured, so these messages are ours.
 */
export const NET039: Rule = {
  id: 'NET039',
  title: 'enable_ipv4: false without IPv6, or with IPv4 settings',
  run(ctx) {
    const off = managedNetworks(ctx.project).filter((n) => bool(get(n.node, 'enable_ipv4')) === false);
    for (const net of off) checkNetwork(net, ctx);
    const offKeys = new Set(off.map((n) => n.key));
    for (const a of attachments(ctx.project)) {
      if (!offKeys.has(a.key)) continue;
      const e = attachmentEntry(a, 'ipv4_address');
      if (!e) continue;
      ctx.report({
        code: 'NET039',
        severity: 'error',
        message: `service "${a.service.name}" sets ipv4_address on network "${a.key}", which has enable_ipv4: false; remove ipv4_address or enable IPv4`,
        at: e.keySpan,
      });
    }
  },
};

function checkNetwork(net: NetworkModel, { project, report }: RuleContext): void {
  const flag = entry(net.node, 'enable_ipv4');
  if (!flag) return;
  if (bool(get(net.node, 'enable_ipv6')) !== true) {
    report(
      forNetwork(project, net, {
        code: 'NET039',
        severity: 'error',
        message: `network "${net.key}" sets enable_ipv4: false without enable_ipv6: true, so it would have no addresses at all; set enable_ipv6: true for an IPv6-only network`,
        at: flag.keySpan,
        fix: { kind: 'insert', title: 'Set enable_ipv6: true', text: 'enable_ipv6: true' },
      }),
    );
  }
  for (const cfg of ipamOf(net).configs) {
    if (!cfg.subnet || prefixOf(cfg.subnet.value)?.addr.family !== 4) continue;
    report({
      code: 'NET039',
      severity: 'warning',
      message: `IPv4 subnet ${cfg.subnet.value} of network "${net.key}" is ignored because the network sets enable_ipv4: false; remove it or enable IPv4`,
      at: cfg.subnet.at,
    });
  }
}
