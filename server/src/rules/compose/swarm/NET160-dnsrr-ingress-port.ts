import { DNSRR_INGRESS_CLASH } from '@switchyard/core';
import type { FixHint } from '@switchyard/core';
import type { Rule } from '../../rule';
import { portModel } from '../ports/model';
import { anchorOf } from '../ports/items';
import type { PortItem } from '../ports/items';
import { endpointModeOf, publishModeOf } from './deploy';

/**
 * `endpoint_mode: dnsrr` with a port published in ingress mode (the short syntax, a long one without `mode`,
 * or with a `mode` swarm does not know, which it takes as ingress): swarmkit refuses the service, since the
 * routing mesh balances behind a virtual IP that dnsrr does not have.
 */
export const NET160: Rule = {
  id: 'NET160',
  title: 'dnsrr endpoint mode with an ingress-mode port',
  run({ project, report }) {
    for (const item of portModel(project).items) {
      if (item.unknown || item.badType || item.short?.error) continue;
      const endpoint = endpointModeOf(item.service);
      if (endpoint?.mode !== 'dnsrr') continue;
      const pm = publishModeOf(item);
      if (pm.mode !== 'ingress') continue;
      const how = !item.long
        ? 'the short syntax publishes in ingress mode'
        : pm.raw === undefined
          ? 'a port without `mode` is published in ingress mode'
          : pm.raw.toLowerCase() === 'ingress'
            ? 'it is published in ingress mode'
            : `mode "${pm.raw}" is not host, so swarm takes it as ingress`;
      const fix = hostModeFix(item, pm.node !== undefined);
      report({
        code: 'NET160',
        severity: 'error',
        message: `${DNSRR_INGRESS_CLASH}: service "${item.service.name}" uses endpoint_mode dnsrr and ${how}; the routing mesh needs the virtual IP that dnsrr does not have, so publish it with mode: host or use endpoint_mode: vip`,
        at: pm.node?.span ?? anchorOf(item.node),
        related: [{ at: endpoint.node.span, message: 'endpoint_mode is dnsrr here' }],
        ...(fix && { fix }),
      });
    }
  },
};

/** `mode: host` in place of the mode, beside the long syntax's keys, or the short syntax written out long. */
function hostModeFix(item: PortItem, hasMode: boolean): FixHint | undefined {
  const title = 'Publish this port with mode: host';
  if (item.long) {
    return hasMode ? { kind: 'replace', title, text: 'host' } : { kind: 'insert', title, text: 'mode: host' };
  }
  const [b, ...more] = item.bindings;
  if (!b || more.length > 0 || (b.hostPort && b.hostPort.start !== b.hostPort.end)) return undefined;
  const fields = [
    `target: ${b.containerPort}`,
    ...(b.hostPort ? [`published: "${b.hostPort.start}"`] : []),
    ...(b.hostIp ? [`host_ip: ${JSON.stringify(b.hostIp)}`] : []),
    `protocol: ${b.protocol}`,
    'mode: host',
  ];
  return { kind: 'replace', title, text: `{ ${fields.join(', ')} }` };
}
