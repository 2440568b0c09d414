/**
 * When to validate a project after an edit: as soon as the messages that were already waiting have been
 * handled, with no fixed delay.
 *
 * vscode-jsonrpc hands the server one queued message per event-loop turn (a `setImmediate` it schedules right
 * after the handler of the previous message returns). So a validation queued with one `setImmediate` from an
 * edit's handler would run before the next queued edit, and a burst of edits would cost one validation each.
 * Waiting one more turn lets the next queued message, if there is one, be handled first; each edit that
 * arrives that way starts the wait again, and when a turn passes with none the project is validated once.
 * An isolated keystroke is validated at once (two turns of the event loop, microseconds), where a timer
 * (the 3 ms trailing window this replaced) added its whole delay to every keystroke. A stream of edits that
 * never pauses is still validated at least every `maxWaitMs`.
 */
export class Settler {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly run: (key: string) => void,
    private readonly maxWaitMs = 50,
  ) {}

  /** An edit (or anything else) touched the project: validate it once the queued messages are handled. */
  schedule(key: string): void {
    const p = this.pending.get(key);
    if (p !== undefined) {
      p.touched = true;
      return;
    }
    const fresh: Pending = { since: performance.now(), touched: false, settling: false, handle: undefined };
    fresh.handle = setImmediate(() => this.turn(key, fresh));
    this.pending.set(key, fresh);
  }

  /** Drops a scheduled validation (the project is gone). */
  cancel(key: string): void {
    const p = this.pending.get(key);
    if (p?.handle !== undefined) clearImmediate(p.handle);
    this.pending.delete(key);
  }

  /**
   * The first turn after `schedule` only waits (the next queued message runs after it in the same turn);
   * then every turn that saw another edit waits again, up to `maxWaitMs`.
   */
  private turn(key: string, p: Pending): void {
    if (!p.settling || (p.touched && performance.now() - p.since < this.maxWaitMs)) {
      p.settling = true;
      p.touched = false;
      p.handle = setImmediate(() => this.turn(key, p));
      return;
    }
    this.pending.delete(key);
    this.run(key);
  }
}

interface Pending {
  /** When the oldest edit not yet validated arrived. */
  since: number;
  /** Another edit arrived since the last turn. */
  touched: boolean;
  /** The first turn has passed. */
  settling: boolean;
  handle: NodeJS.Immediate | undefined;
}
