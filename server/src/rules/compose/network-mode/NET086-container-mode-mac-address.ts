import { containerMode, modeConflictRule, sharedWith } from './mode-conflict';

/** `network_mode: service:/container:` with mac_address: the MAC address belongs to the other container's interface. */
export const NET086 = modeConflictRule({
  id: 'NET086',
  title: 'MAC address with a container network mode',
  keys: ['mac_address'],
  applies: containerMode,
  severity: 'error',
  message: (key, mode) =>
    `conflicting options: mac-address and the network mode; ${key} belongs on ${sharedWith(mode)}, whose network namespace this service joins`,
});
