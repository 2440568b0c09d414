import type { KernelInfo } from '@switchyard/protocol';
import { FEATURE_CONFIG, FEATURE_WORDS, hasFeature } from '../kernel/features';

/**
 * The refusal of `-o encrypted`. What the kernel offers comes from the one probe at daemon start
 * (kernel/probe.ts: an ESP xfrm state and a WireGuard link tried in a throwaway namespace), never assumed.
 * Where the kernel has either, the answer still names it: this engine does not build encrypted overlays yet
 * (engine/README.md says how it would).
 */
export function encryptedRefusal(kernel: KernelInfo | undefined): string {
  const esp = hasFeature(kernel, 'esp');
  const wireguard = hasFeature(kernel, 'wireguard');
  if (esp || wireguard)
    return (
      'encrypted overlay networks are not implemented yet by this engine (the kernel has ' +
      `${esp ? FEATURE_WORDS.esp : FEATURE_WORDS.wireguard}); create the network without -o encrypted`
    );
  const detail = (name: 'esp' | 'wireguard') => {
    const d = kernel?.features.find((f) => f.name === name)?.detail;
    return d ? `: "${d}"` : '';
  };
  return (
    `-o encrypted: this kernel${kernel ? ` (${kernel.release})` : ''} has neither ${FEATURE_WORDS.esp} ` +
    `(${FEATURE_CONFIG.esp}${detail('esp')}) nor ${FEATURE_WORDS.wireguard} (${FEATURE_CONFIG.wireguard}` +
    `${detail('wireguard')}), as the probe at engine start found; the overlay cannot be encrypted here. ` +
    'Create it without -o encrypted, or run on a kernel with one of them'
  );
}
