// Debian's openssh-server as a throwaway "remote host": its own config, host key and client key in a temp
// dir, key login as root only, usually inside a namespace the test made. Nothing of the machine's own ssh
// setup is read or changed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Netns } from './netns';
import { runOk, startBackground, type Background } from './proc';
import { waitFor } from './wait';

export interface Sshd {
  /** Address clients connect to (the listen address, or 127.0.0.1 when listening on all). */
  host: string;
  port: number;
  user: 'root';
  privateKeyPath: string;
  /** The client's private key, OpenSSH format, for ssh2's `privateKey`. */
  privateKey: string;
  /** The server's public host key line: "ssh-ed25519 AAAA...". */
  hostPublicKey: string;
  /** A known_hosts line for host:port. */
  knownHostsLine: string;
  dir: string;
  process: Background;
  stop(): Promise<void>;
}

export interface SshdOptions {
  /** Run inside this namespace (recommended); default: the root namespace, on loopback. */
  ns?: Netns;
  listen?: string;
  port?: number;
  /** Extra sshd_config lines. */
  config?: string[];
  /**
   * Sign the host key with this CA's private key (`ssh-keygen -s CA -h -n PRINCIPALS`) and serve the
   * certificate (`HostCertificate`), for clients that trust the CA with a `@cert-authority` line.
   */
  hostCertificate?: { caKeyPath: string; principals: string[] };
  /** Logins through PAM (Debian's /etc/pam.d/sshd), which is what offers keyboard-interactive. Default: no. */
  usePam?: boolean;
}

export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  const listen = options.listen ?? (options.ns ? '0.0.0.0' : '127.0.0.1');
  const port = options.port ?? (options.ns ? 22 : 22_000 + (process.pid % 20_000));
  const dir = mkdtempSync(join(tmpdir(), 'sy-sshd-'));
  await runOk([
    'ssh-keygen',
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'switchyard-test-host',
    '-f',
    join(dir, 'host_key'),
  ]);
  await runOk([
    'ssh-keygen',
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'switchyard-test',
    '-f',
    join(dir, 'client_key'),
  ]);
  const cert = options.hostCertificate;
  if (cert) {
    await runOk([
      'ssh-keygen',
      '-q',
      '-s',
      cert.caKeyPath,
      '-I',
      'switchyard-test-host',
      '-h',
      '-n',
      cert.principals.join(','),
      join(dir, 'host_key.pub'),
    ]);
  }
  const extra = [
    ...(cert ? [`HostCertificate ${join(dir, 'host_key-cert.pub')}`] : []),
    ...(options.config ?? []),
  ];
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')), { mode: 0o600 });
  writeFileSync(join(dir, 'sshd_config'), sshdConfig(dir, listen, port, extra, options.usePam ?? false));
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation dir sshd insists on
  const argv = ['/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')];
  const proc = startBackground(options.ns ? options.ns.argv(argv) : argv);
  try {
    await waitFor(() => proc.output().includes('Server listening on') || failIfExited(proc), 10_000, {
      what: `sshd to listen on ${listen}:${port}`,
    });
  } catch (err) {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\nsshd output:\n${proc.output()}`, { cause: err });
  }
  const host = listen === '0.0.0.0' ? '127.0.0.1' : listen;
  const hostPublicKey = readFileSync(join(dir, 'host_key.pub'), 'utf8')
    .trim()
    .split(' ')
    .slice(0, 2)
    .join(' ');
  return {
    host,
    port,
    user: 'root',
    privateKeyPath: join(dir, 'client_key'),
    privateKey: readFileSync(join(dir, 'client_key'), 'utf8'),
    hostPublicKey,
    knownHostsLine: `${port === 22 ? host : `[${host}]:${port}`} ${hostPublicKey}`,
    dir,
    process: proc,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function failIfExited(proc: Background): false {
  if (proc.exited()) throw new Error('sshd exited');
  return false;
}

function sshdConfig(dir: string, listen: string, port: number, extra: string[], usePam: boolean): string {
  return [
    `Port ${port}`,
    `ListenAddress ${listen}`,
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    `UsePAM ${usePam ? 'yes' : 'no'}`,
    'StrictModes no', // the temp dir is not owned the way sshd's strict checks want
    'AllowTcpForwarding yes',
    'AllowStreamLocalForwarding yes',
    'Subsystem sftp internal-sftp',
    'LogLevel VERBOSE',
    ...extra,
    '',
  ].join('\n');
}
