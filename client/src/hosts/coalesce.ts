/**
 * Wraps a read so that calls made while it runs share one more run after it, instead of one run each: a burst
 * of Docker events (several per operation) costs two reads, and every caller's promise settles after a read
 * that started after its call, so it sees the change that made it call.
 */
export function coalesced(read: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const run = (): Promise<void> => {
    if (running) {
      next ??= running
        .catch(() => undefined)
        .then(() => {
          next = undefined;
          return run();
        });
      return next;
    }
    running = read().finally(() => (running = undefined));
    return running;
  };
  return run;
}
