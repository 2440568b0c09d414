import type { DiagFrom } from '@switchyard/protocol';
import type { Parsed } from './args';
import { UsageError, one } from './args';
import type { EngineClient } from '@switchyard/hostio';

export type Out = (text: string) => void;
export type Cmd = (c: EngineClient, argv: string[], out: Out) => Promise<number>;

export const num = (v: string | undefined, dflt: number, flag: string): number => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`invalid ${flag} "${v}": not a number`);
  return n;
};

/** `SANDBOX` or `--container ID` or `--pid PID`: where a diagnostic runs. */
export function fromOf(p: Parsed): { from: DiagFrom; args: string[] } {
  const container = one(p, '--container');
  const pid = one(p, '--pid');
  if (container) return { from: { container }, args: p.positional };
  if (pid) return { from: { pid: num(pid, 0, '--pid') }, args: p.positional };
  const [sandbox, ...args] = p.positional;
  if (!sandbox) throw new UsageError('name a sandbox, or --container ID, or --pid PID');
  return { from: { sandbox }, args };
}
export const FROM = ['--container', '--pid'];
