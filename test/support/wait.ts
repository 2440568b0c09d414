// Polling instead of sleeping: tests wait for a state, never for a fixed time (house rule 9). The one
// waitFor of the test tree (the engine and DNS harnesses re-export it).
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  /** Pause between polls. Default 50 ms. */
  intervalMs?: number;
  /** Words for the timeout error: "timed out after 5000 ms waiting for <what>". */
  what?: string;
}

type Settled<T> = Exclude<T, undefined | null | false>;

/**
 * Calls `fn` until it returns a value other than undefined/false/null, and returns that value. A throwing `fn`
 * counts as "not yet"; its last error is quoted in the timeout message so the failure says why. A call that
 * never settles loses the race against the deadline, so it cannot hang the test.
 *
 * Two spellings: `waitFor(fn, timeoutMs, { what })`, and the engine tests' `waitFor(what, fn, timeoutMs)`.
 */
export function waitFor<T>(
  fn: () => T | Promise<T>,
  timeoutMs: number,
  options?: WaitOptions,
): Promise<Settled<T>>;
export function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs?: number): Promise<Settled<T>>;
export function waitFor<T>(
  a: string | (() => T | Promise<T>),
  b: number | (() => T | Promise<T>),
  c?: number | WaitOptions,
): Promise<Settled<T>> {
  if (typeof a === 'string')
    return poll(b as () => T | Promise<T>, (c as number | undefined) ?? 10_000, { what: a });
  return poll(a, b as number, (c as WaitOptions | undefined) ?? {});
}

async function poll<T>(
  fn: () => T | Promise<T>,
  timeoutMs: number,
  options: WaitOptions,
): Promise<Settled<T>> {
  const deadline = Date.now() + timeoutMs;
  const interval = options.intervalMs ?? 50;
  let lastError: unknown;
  for (;;) {
    try {
      const left = Math.max(1, deadline - Date.now());
      const value = await Promise.race([
        fn(),
        new Promise<undefined>((r) => setTimeout(() => r(undefined), left).unref()),
      ]);
      if (value !== undefined && value !== null && value !== false) return value as Settled<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why =
        lastError === undefined
          ? ''
          : `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}${why}`);
    }
    await delay(interval);
  }
}
