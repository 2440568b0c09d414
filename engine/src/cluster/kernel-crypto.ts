import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';

/** What the kernel offers to encrypt overlay traffic, read once at start. */
export interface CryptoSupport {
  esp: boolean;
  wireguard: boolean;
  /** Where the answer came from, for the message. */
  source: string;
}

/** The kernel's build config (`/proc/config.gz`, else `/boot/config-<release>`), or undefined. */
function kernelConfig(): { text: string; source: string } | undefined {
  try {
    if (existsSync('/proc/config.gz'))
      return { text: gunzipSync(readFileSync('/proc/config.gz')).toString(), source: '/proc/config.gz' };
    const boot = `/boot/config-${release()}`;
    if (existsSync(boot)) return { text: readFileSync(boot, 'utf8'), source: boot };
  } catch {
    // Unreadable config: fall back to the loaded modules below.
  }
  return undefined;
}

const enabled = (cfg: string, key: string) => new RegExp(`^${key}=[ym]$`, 'm').test(cfg);

/**
 * IPsec ESP (xfrm with esp4) and WireGuard, as the kernel was built; without a readable config, whether
 * the modules are loaded (`/sys/module/...`).
 */
export function cryptoSupport(): CryptoSupport {
  const cfg = kernelConfig();
  if (cfg)
    return {
      esp: enabled(cfg.text, 'CONFIG_INET_ESP') && enabled(cfg.text, 'CONFIG_XFRM_USER'),
      wireguard: enabled(cfg.text, 'CONFIG_WIREGUARD'),
      source: cfg.source,
    };
  return {
    esp: existsSync('/sys/module/esp4'),
    wireguard: existsSync('/sys/module/wireguard'),
    source: '/sys/module',
  };
}

/** The refusal of `-o encrypted` on a kernel without either (undefined when encryption could be built). */
export function encryptedRefusal(s: CryptoSupport): string | undefined {
  if (s.esp || s.wireguard)
    return (
      'encrypted overlay networks are not implemented yet by this engine (the kernel has ' +
      `${s.esp ? 'IPsec ESP' : 'WireGuard'}); create the network without -o encrypted`
    );
  return (
    `-o encrypted: this kernel (${release()}) has neither IPsec ESP (CONFIG_INET_ESP) nor WireGuard ` +
    `(CONFIG_WIREGUARD), per ${s.source}; the overlay cannot be encrypted here. Create it without ` +
    '-o encrypted, or run on a kernel with one of them'
  );
}
