import type { KernelFeature, KernelFeatureName, KernelInfo } from '@switchyard/protocol';
import { ipWords } from '../exec/ip';
import type { BatchLine } from '../exec/ip';

/** The kernel option behind each feature, named in every refusal so the user knows what to enable. */
export const FEATURE_CONFIG: Record<KernelFeatureName, string> = {
  macvlan: 'CONFIG_MACVLAN',
  ipvlan: 'CONFIG_IPVLAN',
  vlan8021q: 'CONFIG_VLAN_8021Q',
  dummy: 'CONFIG_DUMMY',
  vxlan: 'CONFIG_VXLAN',
  wireguard: 'CONFIG_WIREGUARD',
  esp: 'CONFIG_INET_ESP + CONFIG_XFRM_USER + gcm(aes)',
  netdevFwd: 'CONFIG_NF_TABLES_NETDEV + CONFIG_NFT_FWD_NETDEV',
};

/** Words a user reads: "802.1q VLAN sub-interfaces (CONFIG_VLAN_8021Q)". */
export const FEATURE_WORDS: Record<KernelFeatureName, string> = {
  macvlan: 'macvlan links',
  ipvlan: 'ipvlan links',
  vlan8021q: '802.1q VLAN sub-interfaces',
  dummy: 'dummy links',
  vxlan: 'VXLAN links',
  wireguard: 'WireGuard links',
  esp: 'IPsec ESP (xfrm, AES-GCM)',
  netdevFwd: 'nftables netdev ingress forwarding (fwd to)',
};

/**
 * The link kinds, one `ip -force -batch` line each, run inside a throwaway namespace: line 1 makes the veth
 * pair the stacked kinds need as their parent; every later line is one feature (its 1-based line number
 * identifies it in `Command failed -:N`). Nothing here touches the engine's own namespace.
 */
export const LINK_PROBES: readonly (readonly [KernelFeatureName, string])[] = [
  ['macvlan', 'link add link kp0 name kp-mv type macvlan mode bridge'],
  ['ipvlan', 'link add link kp0 name kp-iv type ipvlan mode l2'],
  ['vlan8021q', 'link add link kp0 name kp0.10 type vlan id 10'],
  ['dummy', 'link add kp-dm type dummy'],
  ['vxlan', 'link add kp-vx type vxlan id 42 dstport 4789'],
  ['wireguard', 'link add kp-wg type wireguard'],
];

export function linkProbeLines(): BatchLine[] {
  return ['link add kp0 type veth peer name kp1', ...LINK_PROBES.map(([, line]) => line)].map((l) =>
    ipWords(...l.split(' ')),
  );
}

/**
 * ESP as Docker's encrypted overlay uses it (transport mode, rfc4106(gcm(aes)), 128-bit ICV), on documentation
 * addresses inside the throwaway namespace. A failing `ip xfrm` exits even under -force, hence its own process.
 */
export const ESP_PROBE_ARGS = [
  'xfrm',
  'state',
  'add',
  'src',
  '192.0.2.1',
  'dst',
  '192.0.2.2',
  'proto',
  'esp',
  'spi',
  '0x100',
  'reqid',
  '1',
  'mode',
  'transport',
  'aead',
  'rfc4106(gcm(aes))',
  '0x0102030405060708090a0b0c0d0e0f1011121314',
  '128',
];

/**
 * Reads `ip -force -batch` stderr: each failing line prints its error, then `Command failed -:N`. Returns
 * the error text per failed line number (1-based).
 */
export function failedLines(stderr: string): Map<number, string> {
  const failed = new Map<number, string>();
  let pending: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^Command failed -:(\d+)/.exec(line.trim());
    if (m) {
      failed.set(Number(m[1]), pending.join(' ').trim() || 'failed');
      pending = [];
    } else if (line.trim() !== '') pending.push(line.trim());
  }
  return failed;
}

/**
 * nftables' netdev family with `fwd to` (the overlay's bridge bypass): a table with an ingress chain on the
 * probe's veth that forwards to its peer, loaded inside the throwaway namespace (`nft -f -`).
 */
export const NETDEV_FWD_PROBE = [
  'table netdev kprobe {',
  '\tchain c { type filter hook ingress device "kp0" priority 0; policy accept; ether daddr 02:00:00:00:00:01 fwd to "kp1"; }',
  '}',
  '',
].join('\n');

/**
 * The probe's answers as features: `linkStderr` of the batch, `espError` of the xfrm line, `fwdError` of the
 * netdev fwd table (undefined = ok; the netdev line is judged only when given).
 */
export function featuresFrom(
  linkStderr: string,
  espError: string | undefined,
  fwdError?: string,
): KernelFeature[] {
  const failed = failedLines(linkStderr);
  // Without the veth parent (line 1) the stacked kinds cannot be judged: say so rather than guess.
  const parentless = failed.get(1);
  const features: KernelFeature[] = LINK_PROBES.map(([name], i) => {
    const stacked = name === 'macvlan' || name === 'ipvlan' || name === 'vlan8021q';
    const detail = stacked && parentless ? `not probed: ${parentless}` : failed.get(i + 2);
    return {
      name,
      available: detail === undefined,
      config: FEATURE_CONFIG[name],
      ...(detail ? { detail } : {}),
    };
  });
  features.push({
    name: 'esp',
    available: espError === undefined,
    config: FEATURE_CONFIG.esp,
    ...(espError ? { detail: espError } : {}),
  });
  features.push({
    name: 'netdevFwd',
    available: fwdError === undefined,
    config: FEATURE_CONFIG.netdevFwd,
    ...(fwdError ? { detail: fwdError } : {}),
  });
  return features;
}

export function hasFeature(info: KernelInfo | undefined, name: KernelFeatureName): boolean {
  return info?.features.find((f) => f.name === name)?.available === true;
}

/**
 * One line naming what the kernel lacks, for a refusal: `<what>: this kernel (6.18) has no 802.1q VLAN
 * sub-interfaces (CONFIG_VLAN_8021Q; probe: Unknown device type.)`.
 */
export function missingFeature(info: KernelInfo | undefined, name: KernelFeatureName, what: string): string {
  const f = info?.features.find((x) => x.name === name);
  const probe = f?.detail ? `; the probe at engine start answered "${f.detail}"` : '';
  const release = info ? ` (${info.release})` : '';
  return `${what}: this kernel${release} has no ${FEATURE_WORDS[name]} (${FEATURE_CONFIG[name]}${probe}); load or enable it, or use a host whose kernel has it`;
}

/** `macvlan yes, ipvlan no (Unknown device type.), …` for `info` and the log. */
export function describeFeatures(info: KernelInfo): string[] {
  return info.features.map(
    (f) =>
      `${f.name.padEnd(10)} ${f.available ? 'yes' : 'no '}  ${FEATURE_WORDS[f.name]} (${f.config})${f.detail ? `: ${f.detail}` : ''}`,
  );
}
