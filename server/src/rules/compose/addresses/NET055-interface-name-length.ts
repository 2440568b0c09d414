import type { Rule, RuleContext } from '../../rule';
import { get, isMap, isScalar, str } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import { attachmentEntry, attachments, managedNetworks } from '../model';

/** Linux IFNAMSIZ is 16 bytes with the terminating NUL. */
const MAX = 15;

/**
 * Interface names longer than the kernel allows: a bridge name (`com.docker.network.bridge.name`) or an
 * endpoint's `interface_name` / `com.docker.network.endpoint.ifname`.
 */
export const NET055: Rule = {
  id: 'NET055',
  title: 'Interface name longer than 15 characters',
  run(ctx) {
    for (const net of managedNetworks(ctx.project)) {
      const opts = get(net.node, 'driver_opts');
      check(ctx, get(opts, 'com.docker.network.bridge.name'), `bridge name of network "${net.key}"`);
    }
    for (const a of attachments(ctx.project)) {
      const where = `interface of service "${a.service.name}" on network "${a.key}"`;
      check(ctx, attachmentEntry(a, 'interface_name')?.value, where);
      const opts = attachmentEntry(a, 'driver_opts')?.value;
      if (isMap(opts)) check(ctx, get(opts, 'com.docker.network.endpoint.ifname'), where);
    }
  },
};

function check({ report }: RuleContext, node: PNode | null | undefined, where: string): void {
  const name = str(node);
  if (!isScalar(node) || name === undefined || Buffer.byteLength(name) <= MAX) return;
  report({
    code: 'NET055',
    severity: 'warning',
    message: `${where} "${name}" is ${Buffer.byteLength(name)} bytes; Linux interface names hold at most ${MAX}, so the kernel refuses it. Use a shorter name`,
    at: node.span,
  });
}
