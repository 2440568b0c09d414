// Polling instead of sleeping: tests wait for a state, never for a fixed time (house rule 9).
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  /** Pause between polls. Default 50 ms. */
  intervalMs?: number;
  /** Words for the timeout error: "timed out after 5000 ms waiting for <what>". */
  what?: string;
}

/**
 * Calls `fn` until it returns a value other than undefined/false/null, and returns that value. A throwing `fn`
 * counts as "not yet"; its last error is quoted in the timeout message so the failure says why.
 */
export async function waitFor<T>(
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs: number,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const interval = options.intervalMs ?? 50;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}${why}`);
    }
    await delay(interval);
  }
}
