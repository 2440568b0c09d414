/** What completion offers for network drivers and their options (Docker's built-ins, Linux). */
export const DRIVERS: { name: string; doc: string }[] = [
  {
    name: 'bridge',
    doc: 'A Linux bridge on this host (the default): containers reach each other and, via NAT, the outside.',
  },
  {
    name: 'overlay',
    doc: 'A VXLAN network spanning swarm nodes; needs swarm mode (`attachable: true` for plain containers).',
  },
  {
    name: 'macvlan',
    doc: "Containers appear as hosts on the parent interface's LAN, each with its own MAC address.",
  },
  { name: 'ipvlan', doc: "Like macvlan but all containers share the parent's MAC address (L2 or L3 mode)." },
  {
    name: 'host',
    doc: "No isolation: containers use the host's network stack (prefer `network_mode: host`).",
  },
  { name: 'none', doc: 'No networking but a loopback interface (prefer `network_mode: none`).' },
];

export const DRIVER_OPTS: Record<string, { name: string; doc: string; value?: string }[]> = {
  bridge: [
    {
      name: 'com.docker.network.bridge.name',
      doc: 'Name of the Linux bridge device (at most 15 characters).',
      value: 'br-app',
    },
    {
      name: 'com.docker.network.bridge.enable_ip_masquerade',
      doc: 'NAT traffic leaving the network (default true).',
      value: '"true"',
    },
    {
      name: 'com.docker.network.bridge.enable_icc',
      doc: 'Let containers on this network talk to each other (default true).',
      value: '"true"',
    },
    {
      name: 'com.docker.network.bridge.host_binding_ipv4',
      doc: 'Default host address for published ports.',
      value: '127.0.0.1',
    },
    {
      name: 'com.docker.network.bridge.gateway_mode_ipv4',
      doc: '`nat`, `nat-unprotected`, `routed` or `isolated`.',
      value: 'nat',
    },
    {
      name: 'com.docker.network.bridge.inhibit_ipv4',
      doc: 'Do not give the bridge an IPv4 gateway address.',
      value: '"false"',
    },
    {
      name: 'com.docker.network.driver.mtu',
      doc: 'MTU of the bridge and container interfaces.',
      value: '"1500"',
    },
    {
      name: 'com.docker.network.container_iface_prefix',
      doc: 'Prefix of interface names inside containers.',
      value: 'eth',
    },
  ],
  macvlan: [
    { name: 'parent', doc: 'Host interface to attach to; `eth0.10` creates VLAN 10 on eth0.', value: 'eth0' },
    { name: 'macvlan_mode', doc: '`bridge` (default), `vepa`, `passthru` or `private`.', value: 'bridge' },
  ],
  ipvlan: [
    { name: 'parent', doc: 'Host interface to attach to; `eth0.10` creates VLAN 10 on eth0.', value: 'eth0' },
    { name: 'ipvlan_mode', doc: '`l2` (default), `l3` or `l3s`.', value: 'l2' },
    { name: 'ipvlan_flag', doc: '`bridge` (default), `private` or `vepa`.', value: 'bridge' },
  ],
  overlay: [
    { name: 'encrypted', doc: 'Encrypt VXLAN traffic between nodes with IPsec.', value: '"true"' },
    {
      name: 'com.docker.network.driver.overlay.vxlanid_list',
      doc: 'VXLAN ids to use, one per subnet.',
      value: '"4097"',
    },
    { name: 'com.docker.network.driver.mtu', doc: 'MTU of the overlay interfaces.', value: '"1450"' },
  ],
};

export const NETWORK_MODES: { name: string; doc: string }[] = [
  { name: 'none', doc: 'Only a loopback interface.' },
  { name: 'host', doc: "Use the host's network stack; published ports are ignored." },
  { name: 'bridge', doc: "Docker's default `bridge` network (docker0), not the project's network." },
  { name: 'container:', doc: 'Share the network stack of an existing container: `container:<name or id>`.' },
];
