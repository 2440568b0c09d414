import type { Duplex } from 'node:stream';
import type { ExecResult, Transport } from '../transport/transport';
import { withSecret } from '../transport/secrets';
import type { RememberedSecret } from '../transport/secrets';

/** A step of deploying failed; the message says what to do. */
export class DeployError extends Error {}

/** Runs programs as root on a host: directly when we are root, else through sudo. */
export interface RootRunner {
  readonly via: 'root' | 'sudo -n' | 'sudo with password';
  exec(argv: string[], stdin?: string | Buffer): Promise<ExecResult>;
  /** A long-lived program's stdin/stdout; with a password, the password line is written before anything else. */
  execStream(argv: string[]): Promise<Duplex>;
}

// With a password, every command goes through one `sh` so sudo's policy check is the same for all of them:
// were `node` allowed without a password and the rest not, sudo would skip reading the password for `node`,
// and the password line would reach node's stdin. `-k` ignores (and does not leave) a cached ticket for the
// same reason; `-p ''` keeps sudo's prompt out of the output; `-S` reads the password from stdin.
const viaShell = ['sh', '-c', 'exec "$@"', 'sh'];
const sudoWithPassword = ['sudo', '-k', '-S', '-p', '', '--', ...viaShell];
// sudo's messages are matched in English whatever the host's locale.
const cLocale = ['env', 'LC_ALL=C'];

/**
 * Finds how to become root on the host: root already, passwordless `sudo -n`, or sudo with the password on
 * stdin (never on a command line). The password is asked through `password` (saved in SecretStorage by the
 * caller's store), checked once with `true`, remembered when it works and forgotten when refused.
 */
export async function becomeRoot(transport: Transport, password?: RememberedSecret): Promise<RootRunner> {
  if ((await transport.exec(['id', '-u'])).stdout.trim() === '0') return direct(transport);
  const probe = await transport.exec([...cLocale, 'sudo', '-n', '--', ...viaShell, 'true']);
  if (probe.code === 0) return prefixed(transport, ['sudo', '-n']);
  const user = (await transport.exec(['id', '-un'])).stdout.trim() || 'this user';
  const where = `${user} on ${transport.label}`;
  if (probe.code === 127 || /sudo: (command )?not found|No such file/i.test(probe.stderr)) {
    throw new DeployError(`sudo is not installed on ${transport.label}; install it, or connect as root`);
  }
  if (!/password is required|a terminal is required/i.test(probe.stderr))
    throw notAllowed(where, probe.stderr);
  if (!password) {
    throw new DeployError(
      `sudo needs a password for ${where}; connect from VS Code to be asked for it, allow passwordless sudo, or connect as root`,
    );
  }
  const secret = await withSecret(password, async (value) => {
    if (/[\r\n]/.test(value)) return { ok: false, refused: true, detail: 'a password has no line breaks' };
    const r = await transport.exec([...cLocale, ...sudoWithPassword, 'true'], `${value}\n`);
    if (r.code === 0) return { ok: true, result: value };
    if (/incorrect password|Sorry, try again|no password was provided/i.test(r.stderr)) {
      return { ok: false, refused: true, detail: 'sudo: incorrect password' };
    }
    throw notAllowed(where, r.stderr);
  });
  return withPassword(transport, secret);
}

function notAllowed(where: string, stderr: string): DeployError {
  const text = stderr.trim().split('\n').pop() ?? '';
  return /not in the sudoers|may not run sudo|not allowed to execute/i.test(stderr)
    ? new DeployError(
        `sudo refuses ${where} (${text}); ask an administrator for sudo rights, or connect as root`,
      )
    : new DeployError(`sudo failed for ${where}: ${text || 'no output'}`);
}

function direct(transport: Transport): RootRunner {
  return {
    via: 'root',
    exec: (argv, stdin) => transport.exec(argv, stdin),
    execStream: (argv) => transport.execStream(argv),
  };
}

function prefixed(transport: Transport, prefix: string[]): RootRunner {
  return {
    via: 'sudo -n',
    exec: (argv, stdin) => transport.exec([...prefix, ...argv], stdin),
    execStream: (argv) => transport.execStream([...prefix, ...argv]),
  };
}

function withPassword(transport: Transport, password: string): RootRunner {
  const line = Buffer.from(`${password}\n`);
  return {
    via: 'sudo with password',
    exec: (argv, stdin) =>
      transport.exec(
        [...sudoWithPassword, ...argv],
        Buffer.concat([line, typeof stdin === 'string' ? Buffer.from(stdin) : (stdin ?? Buffer.alloc(0))]),
      ),
    async execStream(argv) {
      const stream = await transport.execStream([...sudoWithPassword, ...argv]);
      stream.write(line);
      return stream;
    },
  };
}
