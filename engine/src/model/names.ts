import { randomBytes } from 'node:crypto';

/** 64 hex characters, like Docker's ids. */
export const newId = (): string => randomBytes(32).toString('hex');

/**
 * Every kernel object carries the daemon's prefix, so several daemons share one host without touching each
 * other's objects. Link names are at most 15 bytes: prefix (1-6) + '-' + kind letter + 7 hex characters.
 */
export class Naming {
  constructor(readonly prefix: string) {
    if (!/^[a-z0-9]{1,6}$/.test(prefix))
      throw new Error(`invalid prefix "${prefix}": use 1 to 6 of [a-z0-9]`);
  }
  bridge(networkId: string): string {
    return `${this.prefix}-b${networkId.slice(0, 7)}`;
  }
  /** The VXLAN device of an overlay network on this host. */
  vxlan(networkId: string): string {
    return `${this.prefix}-x${networkId.slice(0, 7)}`;
  }
  hostVeth(endpointId: string): string {
    return `${this.prefix}-v${endpointId.slice(0, 7)}`;
  }
  /** A macvlan network's host shim (`-o switchyard.host-shim=IP`). */
  shim(networkId: string): string {
    return `${this.prefix}-s${networkId.slice(0, 7)}`;
  }
  /** The dummy parent of a macvlan/ipvlan network without `-o parent` (Docker's `dm-<id>`). */
  dummy(networkId: string): string {
    return `${this.prefix}-d${networkId.slice(0, 7)}`;
  }
  netns(sandboxId: string): string {
    return `${this.prefix}-sb-${sandboxId.slice(0, 12)}`;
  }
  /** Our nft table (inet family: filter + nat for both address families). */
  get table(): string {
    return `switchyard_${this.prefix}`;
  }
  /** The overlay's bridge bypass on this host (netdev family, one table per network: drivers/overlay-bypass.ts). */
  bypassTable(networkId: string): string {
    return `${this.table}_x${networkId.slice(0, 7)}`;
  }
  /** Any bypass table of this prefix (uninstall removes them). */
  isOurBypassTable(name: string): boolean {
    return new RegExp(`^${this.table}_x[0-9a-f]{7}$`).test(name);
  }
  isOurLink(name: string): boolean {
    return new RegExp(`^${this.prefix}-[bvxsd][0-9a-f]{7}$`).test(name);
  }
  isOurNetns(name: string): boolean {
    return name.startsWith(`${this.prefix}-sb-`);
  }
}
