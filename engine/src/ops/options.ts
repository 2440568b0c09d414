import { EngineError } from '../errors';

/** Docker's bridge options (`-o`), with their defaults. */
export interface BridgeOptions {
  mtu: number;
  icc: boolean;
  masquerade: boolean;
  internal: boolean;
}

const bool = (key: string, v: string | undefined, dflt: boolean): boolean => {
  if (v === undefined) return dflt;
  if (['true', '1'].includes(v)) return true;
  if (['false', '0'].includes(v)) return false;
  throw EngineError.invalid(`invalid value "${v}" for option ${key}: use true or false`);
};

export function bridgeOptions(opts: Record<string, string>, internal: boolean): BridgeOptions {
  const mtuText = opts['com.docker.network.driver.mtu'];
  const mtu = mtuText === undefined ? 1500 : Number(mtuText);
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535)
    throw EngineError.invalid(`invalid MTU "${mtuText}" (com.docker.network.driver.mtu): use 68 to 65535`);
  return {
    mtu,
    icc: bool('com.docker.network.bridge.enable_icc', opts['com.docker.network.bridge.enable_icc'], true),
    masquerade: bool(
      'com.docker.network.bridge.enable_ip_masquerade',
      opts['com.docker.network.bridge.enable_ip_masquerade'],
      true,
    ),
    internal: bool('com.docker.network.internal', opts['com.docker.network.internal'], internal),
  };
}
