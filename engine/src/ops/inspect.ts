import type { EndpointInfo, NetworkInspect, SandboxInfo } from '@switchyard/protocol';
import { prefixOf } from '@switchyard/core';
import { endpointsOf, sandboxEndpoints } from '../model/lookup';
import type { EndpointRecord, NetworkRecord, SandboxRecord, State } from '../model/types';

const withLen = (ip: string | undefined, net: NetworkRecord, v6: boolean): string => {
  const sub = net.subnets.find((s) => s.subnet.includes(':') === v6);
  return ip && sub ? `${ip}/${prefixOf(sub.subnet)?.bits}` : '';
};

/** `docker network inspect` JSON for one of our networks. */
export function networkInspect(s: State, net: NetworkRecord, broken?: string): NetworkInspect {
  const containers: NetworkInspect['Containers'] = {};
  for (const ep of endpointsOf(s, net.id)) {
    const sb = s.sandboxes.find((x) => x.id === ep.sandboxId);
    containers[ep.sandboxId] = {
      Name: sb?.name ?? '',
      EndpointID: ep.id,
      MacAddress: ep.mac,
      IPv4Address: withLen(ep.ipv4, net, false),
      IPv6Address: withLen(ep.ipv6, net, true),
    };
  }
  return {
    Name: net.name,
    Id: net.id,
    Created: net.created,
    Scope: net.scope,
    Driver: net.driver,
    EnableIPv4: net.subnets.some((x) => !x.subnet.includes(':')),
    EnableIPv6: net.enableIPv6,
    IPAM: {
      Driver: 'default',
      Options: {},
      Config: net.subnets.map((c) => ({
        Subnet: c.subnet,
        ...(c.gateway ? { Gateway: c.gateway } : {}),
        ...(c.ipRange ? { IPRange: c.ipRange } : {}),
        ...(Object.keys(c.auxAddresses).length > 0 ? { AuxiliaryAddresses: c.auxAddresses } : {}),
      })),
    },
    Internal: net.internal,
    Attachable: net.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containers,
    Options: {
      ...net.options,
      ...(net.device ? { 'com.docker.network.bridge.name': net.device } : {}),
    },
    Labels: net.labels,
    ...(l2Notes(net).length > 0 ? { Notes: l2Notes(net) } : {}),
    ...(broken ? { Broken: broken } : {}),
  };
}

/** The known limits of a macvlan/ipvlan network, said where a user looks (inspect, the tree). */
function l2Notes(net: NetworkRecord): string[] {
  if (net.driver !== 'macvlan' && net.driver !== 'ipvlan') return [];
  const parent = net.options['parent'];
  const shim = net.options['switchyard.host-shim'];
  return [
    parent
      ? shim
        ? `the host reaches this network's sandboxes through its shim ${shim} (a ${net.driver} of its own on ${parent}); without it Linux keeps a host and its own ${net.driver} children apart`
        : `the host cannot reach this network's sandboxes through ${parent} (Linux keeps a host and its own ${net.driver} children apart); create the network with -o switchyard.host-shim=IP to give the host a way`
      : 'no parent: the sandboxes reach only each other (a dummy parent; internal, as Docker)',
    `published ports are not supported on ${net.driver} (as Docker: ignored with a warning); the sandboxes are reachable at their own addresses`,
    "names resolve through 127.0.0.11 answered inside each sandbox's own namespace",
  ];
}

export function endpointInfo(s: State, ep: EndpointRecord): EndpointInfo {
  const net = s.networks.find((n) => n.id === ep.networkId);
  return {
    id: ep.id,
    network: net?.name ?? '',
    networkId: ep.networkId,
    ifname: ep.ifname,
    mac: ep.mac,
    ipv4: ep.ipv4,
    ipv6: ep.ipv6,
    gateway: net?.subnets.find((x) => !x.subnet.includes(':'))?.gateway,
    aliases: ep.aliases,
  };
}

export function sandboxInfo(s: State, sb: SandboxRecord, broken?: string): SandboxInfo {
  const root = sb.shareWith ? s.sandboxes.find((x) => x.id === sb.shareWith) : undefined;
  return {
    id: sb.id,
    name: sb.name,
    hostname: sb.hostname,
    mode:
      sb.mode === 'netns'
        ? 'bridge'
        : sb.mode === 'container'
          ? `container:${root?.name ?? sb.shareWith}`
          : sb.mode,
    netns: sb.netns,
    created: sb.created,
    endpoints: sandboxEndpoints(s, root?.id ?? sb.id).map((e) => endpointInfo(s, e)),
    ports: sb.ports,
    ...(broken ? { broken } : {}),
  };
}
