import type { Host } from '../hosts/host';

/** What a follower writes into its document. */
export interface LogSink {
  lines(lines: string[]): void;
  /** A note about the stream itself (attached, ended, waiting), shown as its own marked line. */
  note(text: string): void;
}

/**
 * One followed log: attaches to its source on a host and writes what arrives into the sink until stopped or
 * until the source goes away. It may be attached again later (after a restart or a reconnect) and then
 * continues where it left off, without repeating lines it already wrote.
 */
export interface LogFollower {
  /** Whether the source can be attached to now (the engine or Docker connected, the container running). */
  ready(host: Host): Promise<boolean>;
  /** Resolves when the stream ends, with why when it knows; rejects with what went wrong. */
  attach(host: Host, sink: LogSink, signal: AbortSignal): Promise<string | undefined>;
}
