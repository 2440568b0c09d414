import { spawn } from 'node:child_process';
import type { Command, CommandResult, Runner } from './command';
import { inNetns } from './command';

/** Observes every command (the daemon logs them at debug level). */
export type CommandObserver = (cmd: Command, result: CommandResult, ms: number) => void;

/** Executes commands on this host with spawn (argument arrays only). */
export class LocalRunner implements Runner {
  constructor(private readonly observe?: CommandObserver) {}

  run(cmd: Command): Promise<CommandResult> {
    const started = performance.now();
    const [file, ...args] = inNetns(cmd);
    return new Promise((resolve) => {
      const child = spawn(file as string, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const timer = cmd.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), cmd.timeoutMs) : undefined;
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.stdin.on('error', () => undefined);
      child.on('error', (e) => err.push(Buffer.from(String(e.message))));
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        const result = {
          exitCode: code ?? (signal ? 128 : 1),
          stdout: Buffer.concat(out).toString(),
          stderr: Buffer.concat(err).toString(),
        };
        this.observe?.(cmd, result, performance.now() - started);
        resolve(result);
      });
      child.stdin.end(cmd.stdin ?? '');
    });
  }
}
