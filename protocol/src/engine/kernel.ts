import { z } from 'zod';

/**
 * Kernel features the engine's drivers depend on, found by trying them at daemon start (never assumed):
 * macvlan and ipvlan endpoints, 802.1q VLAN sub-interfaces (a parent such as `eth0.10`), dummy links (the
 * no-parent macvlan/ipvlan network), VXLAN (overlay), WireGuard and IPsec ESP (encrypted overlay), and
 * nftables' netdev `fwd` (the overlay's bridge bypass for frames to and from other hosts).
 */
export const KernelFeatureNameSchema = z.enum([
  'macvlan',
  'ipvlan',
  'vlan8021q',
  'dummy',
  'vxlan',
  'wireguard',
  'esp',
  'netdevFwd',
]);
export type KernelFeatureName = z.infer<typeof KernelFeatureNameSchema>;

export const KernelFeatureSchema = z.object({
  name: KernelFeatureNameSchema,
  available: z.boolean(),
  /** The kernel option that provides it (CONFIG_MACVLAN, …): what to enable or load where it is missing. */
  config: z.string(),
  /** What the kernel answered to the probe when it is missing ("Unknown device type."). */
  detail: z.string().optional(),
});
export type KernelFeature = z.infer<typeof KernelFeatureSchema>;

export const KernelInfoSchema = z.object({
  /** `uname -r` of the host. */
  release: z.string(),
  features: z.array(KernelFeatureSchema),
});
export type KernelInfo = z.infer<typeof KernelInfoSchema>;
