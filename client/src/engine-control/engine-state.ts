/** A host's engine, as the tree shows it. */
export type EngineState = 'absent' | 'connecting' | 'connected' | 'failed';

/**
 * Whether a change of the `switchyard.engine.*` settings should make a host look for its engine again, and
 * why (for the log); undefined when it should not. After a window reload the extension can start before
 * the user's settings have reached it: the first look then goes to the default socket, and only the change
 * that brings the real settings finds the engine. A deploy under way (`connecting`) is left alone.
 */
export function reattachReason(
  state: EngineState,
  attachedSocket: string | undefined,
  socket: string,
): string | undefined {
  if (state === 'connecting') return undefined;
  if (state === 'connected') {
    return attachedSocket === socket
      ? undefined
      : `the engine socket is now ${socket} (was ${attachedSocket})`;
  }
  return `the engine settings changed; looking for the engine at ${socket}`;
}
