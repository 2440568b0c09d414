import { containerMode, modeConflictRule, sharedWith } from './mode-conflict';

/** `network_mode: service:/container:` with expose: the engine refuses to expose ports of a container that shares another one's namespace. */
export const NET081 = modeConflictRule({
  id: 'NET081',
  title: 'Expose with a container network mode',
  keys: ['expose'],
  applies: containerMode,
  severity: 'error',
  message: (key, mode) =>
    `conflicting options: port exposing and the container type network mode; ${key} belongs on ${sharedWith(mode)}, whose network namespace this service joins`,
});
