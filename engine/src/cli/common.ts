import { createInterface } from 'node:readline';
import type { DiagFrom } from '@switchyard/protocol';
import type { EngineClient } from '@switchyard/hostio';
import { lastValue, UsageError } from '@switchyard/core';
import type { ParsedFlags } from '@switchyard/core';

export type Out = (text: string) => void;
export type Cmd = (c: EngineClient, argv: string[], out: Out) => Promise<number>;

export const num = (v: string | undefined, dflt: number, flag: string): number => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`invalid ${flag} "${v}": not a number`);
  return n;
};

/** `SANDBOX` or `--container ID` or `--pid PID`: where a diagnostic runs. */
export function fromOf(p: ParsedFlags): { from: DiagFrom; args: string[] } {
  const container = lastValue(p, '--container');
  const pid = lastValue(p, '--pid');
  if (container) return { from: { container }, args: p.positional };
  if (pid) return { from: { pid: num(pid, 0, '--pid') }, args: p.positional };
  const [sandbox, ...args] = p.positional;
  if (!sandbox) throw new UsageError('name a sandbox, or --container ID, or --pid PID');
  return { from: { sandbox }, args };
}
export const FROM = ['--container', '--pid'];

/**
 * Asks a yes/no question the way Docker's prune does (`[y/N]`, on stdout) and reads lastValue line of stdin; only
 * `y` or `yes` is yes, and the end of input (a script with nothing to say) is no.
 */
export function confirm(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<boolean> {
  output.write(`${question} [y/N] `);
  return new Promise((resolve) => {
    const rl = createInterface({ input, terminal: false });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(/^\s*y(es)?\s*$/i.test(line));
    });
    rl.once('close', () => {
      if (answered) return;
      output.write('\n');
      resolve(false);
    });
  });
}
