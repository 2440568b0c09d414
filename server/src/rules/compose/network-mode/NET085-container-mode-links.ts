import { containerMode, modeConflictRule, sharedWith } from './mode-conflict';

/** `network_mode: service:/container:` with links: links need a network endpoint of the container's own. */
export const NET085 = modeConflictRule({
  id: 'NET085',
  title: 'Links with a container network mode',
  keys: ['links'],
  applies: containerMode,
  severity: 'error',
  message: (key, mode) =>
    `conflicting options: container type network can't be used with links. This would result in undefined behavior; ${key} belongs on ${sharedWith(mode)}, whose network namespace this service joins`,
});
