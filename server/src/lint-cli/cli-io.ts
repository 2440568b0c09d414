import type { HostSnapshot } from '@switchyard/protocol';

/** What the CLI touches of the outside world, so tests run it in-process. */
export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Builds the host snapshot for --docker-host (tests pass a fake). */
  snapshot?: (url: string) => Promise<HostSnapshot>;
  /** Reads all of stdin, for `switchyard lint -` (tests pass the text). */
  readStdin?: () => Promise<string>;
  /** True when stdin is a terminal: `-` then has nothing piped to read. */
  stdinIsTTY?: boolean;
}
