import { containerMode, modeConflictRule, sharedWith } from './mode-conflict';

/**
 * `network_mode: service:/container:` with DNS settings: resolv.conf is the shared container's. The engine
 * refuses `dns`; `dns_search` and `dns_opt` are documented as unsupported there and are silently dropped.
 */
export const NET083 = modeConflictRule({
  id: 'NET083',
  title: 'DNS settings with a container network mode',
  keys: ['dns', 'dns_search', 'dns_opt'],
  applies: containerMode,
  severity: (key) => (key === 'dns' ? 'error' : 'warning'),
  message: (key, mode) =>
    key === 'dns'
      ? `conflicting options: dns and the network mode; set dns on ${sharedWith(mode)}, whose network namespace this service joins`
      : `${key} has no effect with network_mode ${mode.text}: the container uses the resolv.conf of ${sharedWith(mode)}; set it there`,
});
