import { containerMode, modeConflictRule, sharedWith } from './mode-conflict';

/** `network_mode: service:/container:` with hostname: the host name is the shared namespace's (UTS follows the network container). */
export const NET082 = modeConflictRule({
  id: 'NET082',
  title: 'Hostname with a container network mode',
  keys: ['hostname'],
  applies: containerMode,
  severity: 'error',
  message: (key, mode) =>
    `conflicting options: hostname and the network mode; ${key} belongs on ${sharedWith(mode)}, whose network namespace this service joins`,
});
