import { containerMode, modeConflictRule, sharedWith } from './mode-conflict';

/** `network_mode: service:/container:` with extra_hosts: /etc/hosts is the shared container's. */
export const NET084 = modeConflictRule({
  id: 'NET084',
  title: 'Extra hosts with a container network mode',
  keys: ['extra_hosts'],
  applies: containerMode,
  severity: 'error',
  message: (key, mode) =>
    `conflicting options: custom host-to-IP mapping and the network mode; ${key} belongs on ${sharedWith(mode)}, whose network namespace this service joins`,
});
