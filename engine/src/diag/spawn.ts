import { spawn } from 'node:child_process';

export interface StreamedRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a diagnostic process, hands each stdout line to `onLine` as it arrives, and stops it (SIGINT, so
 * tools like tcpdump flush) on timeout or cancellation.
 */
export function runStreaming(
  argv: string[],
  opts: {
    timeoutMs: number;
    cancelled?: Promise<void>;
    onLine?: (line: string) => void;
    stderrLines?: boolean;
  },
): Promise<StreamedRun> {
  const [file, ...args] = argv;
  return new Promise((resolve) => {
    const child = spawn(file as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let partial = '';
    const stop = () => child.kill('SIGINT');
    const timer = setTimeout(stop, opts.timeoutMs);
    void opts.cancelled?.then(stop);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      partial += b.toString();
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) opts.onLine?.(l);
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      if (opts.stderrLines) for (const l of b.toString().split('\n')) if (l) opts.onLine?.(l);
    });
    child.on('error', (e) => (err += e.message));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (partial) opts.onLine?.(partial);
      resolve({ exitCode: code ?? 130, stdout: out, stderr: err });
    });
  });
}
