import { modeConflictRule } from './mode-conflict';

/** The texts older engines used to refuse these options under `network_mode: host`. */
const OLD_ENGINE_TEXT: Record<string, string> = {
  links:
    "conflicting options: host type networking can't be used with links. This would result in undefined behavior",
  hostname: 'conflicting options: hostname and the network mode',
  dns: 'conflicting options: dns and the network mode',
  extra_hosts: 'conflicting options: custom host-to-IP mapping and the network mode',
  mac_address: 'conflicting options: mac-address and the network mode',
};

/**
 * `network_mode: host` with links, hostname, dns, extra_hosts or mac_address: older engines refuse them, current
 * ones accept them but links and the MAC have no effect on the host's stack.
 */
export const NET088 = modeConflictRule({
  id: 'NET088',
  title: 'Options that older engines refuse with host networking',
  keys: ['links', 'hostname', 'dns', 'extra_hosts', 'mac_address'],
  applies: (mode) => mode.kind === 'host',
  severity: 'warning',
  message: (key) =>
    `${OLD_ENGINE_TEXT[key] ?? key} (refused by older engines; current ones accept ${key} with ` +
    `network_mode: host${key === 'links' || key === 'mac_address' ? ', but it has no effect on the host network' : ''})`,
});
