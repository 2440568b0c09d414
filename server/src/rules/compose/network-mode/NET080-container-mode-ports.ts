import { containerMode, modeConflictRule, sharedWith } from './mode-conflict';

/** `network_mode: service:/container:` with ports: the engine refuses to publish ports of a container that has no network namespace of its own. */
export const NET080 = modeConflictRule({
  id: 'NET080',
  title: 'Ports with a container network mode',
  keys: ['ports'],
  applies: containerMode,
  severity: 'error',
  message: (key, mode) =>
    `conflicting options: port publishing and the container type network mode; ${key} belongs on ${sharedWith(mode)}, whose network namespace this service joins`,
});
