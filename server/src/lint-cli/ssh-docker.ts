import Docker from 'dockerode';
import {
  SshConfigError,
  SshConnection,
  StreamAgent,
  checkKnownHost,
  hopLabel,
  readSshConfig,
  resolveSshHost,
  unattendedKeyLogin,
} from '@switchyard/hostio';
import type { HostKeyCheck, SshHop, SshHostEntry } from '@switchyard/hostio';
import { InputError } from './input';

/** Where `--docker-host ssh://…` leads: the host as ~/.ssh/config resolves it, and the Docker socket there. */
export interface SshDockerTarget {
  entry: SshHostEntry;
  socket: string;
}

/**
 * An `ssh://[user@]host[:port][/socket]` URL read as `ssh host` would read it: the host may be an alias of
 * ~/.ssh/config (with its Includes), whose HostName, User, Port, IdentityFile, HostKeyAlias,
 * UserKnownHostsFile and ProxyJump apply; a user or port in the URL wins. The path, when given, is the Docker
 * socket on the host (default /var/run/docker.sock).
 */
export function sshDockerTarget(
  url: string,
  home: string,
  defaultUser: string,
  log: (line: string) => void = () => undefined,
): SshDockerTarget {
  const u = new URL(url);
  try {
    const config = readSshConfig({ home });
    const resolved = resolveSshHost(
      config,
      decodeURIComponent(u.hostname).replace(/^\[|\]$/g, ''),
      defaultUser,
      home,
      log,
    );
    const entry = {
      ...resolved,
      ...(u.username ? { user: decodeURIComponent(u.username) } : {}),
      ...(u.port ? { port: Number(u.port) } : {}),
    };
    const path = decodeURIComponent(u.pathname);
    return { entry, socket: path && path !== '/' ? path : '/var/run/docker.sock' };
  } catch (err) {
    if (err instanceof SshConfigError) throw new InputError(`--docker-host ${url}: ${err.message}`);
    throw err;
  }
}

/**
 * Docker on an SSH host, through one SSH connection (and its jump hosts) and a stream-local forward to the
 * Docker socket, as the extension reaches it. Every hop's host key must already be in known_hosts: a CLI never
 * trusts a key on first use, and a changed or revoked key is refused, each with what to do.
 */
export async function openSshDocker(
  url: string,
  options: {
    home: string;
    defaultUser: string;
    agent: string | undefined;
    timeoutMs: number;
    /** What reading the ssh config left out (`Match exec`, CanonicalizeHostname), one line each. */
    log?: (line: string) => void;
  },
): Promise<{ docker: Docker; close: () => void }> {
  const { entry, socket } = sshDockerTarget(url, options.home, options.defaultUser, options.log);
  const refusals: string[] = [];
  const hop = async (e: SshHostEntry, role: string): Promise<SshHop> => {
    const { keyFile: _keyFile, ...login } = await unattendedKeyLogin(
      e.identityFiles,
      options.home,
      options.agent,
    );
    return {
      host: e.hostName,
      port: e.port,
      username: e.user,
      readyTimeoutMs: options.timeoutMs,
      verifyHostKey: async (key) => {
        const check = checkKnownHost(e, key, options.home);
        if (check.verdict.kind === 'known') return true;
        refusals.push(hostKeyRefusal(check, role, e));
        return false;
      },
      ...login,
    };
  };
  const jumps = await Promise.all((entry.jumps ?? []).map((j) => hop(j, `jump host ${j.alias}`)));
  let connection: SshConnection;
  try {
    connection = await SshConnection.open(await hop(entry, 'host'), jumps);
  } catch (err) {
    const refusal = refusals[0];
    if (refusal) throw new InputError(`--docker-host ${url}: ${refusal}`);
    throw new InputError(`--docker-host ${url}: cannot connect over SSH: ${describeSshError(err, entry)}`);
  }
  // docker-modem honours `agent` (its typings do not list it): every request is a stream-local forward.
  const dockerOptions: Docker.DockerOptions & { agent: unknown } = {
    protocol: 'http',
    host: 'localhost',
    port: 80,
    timeout: options.timeoutMs,
    agent: new StreamAgent(() => connection.openUnixSocket(socket)),
  };
  return { docker: new Docker(dockerOptions), close: () => connection.close() };
}

/** What known_hosts said, where, and what to do, for a key the CLI will not accept. */
export function hostKeyRefusal(check: HostKeyCheck, role: string, e: SshHostEntry): string {
  const { verdict, name, files } = check;
  const userFile = files.user[0] ?? '~/.ssh/known_hosts';
  // The name as written (a config alias keeps its ProxyJump and HostKeyAlias when ssh records the key).
  const sshCommand = `ssh${e.port === 22 ? '' : ` -p ${e.port}`} ${e.user}@${e.alias}`;
  switch (verdict.kind) {
    case 'known':
      return '';
    case 'unknown':
      return `the ${role}'s key (${verdict.fingerprint}) is not in known_hosts for ${name} (read: ${[...files.user, ...files.system].join(', ')}); switchyard lint never trusts a host key on first use. Check the fingerprint with the host's owner, then record it: run \`${sshCommand}\` once and answer yes, or add the host's public key to ${userFile}`;
    case 'changed':
      if (verdict.recorded === 'revoked') {
        return `the ${role}'s key (${verdict.fingerprint}) for ${name} is marked @revoked in ${verdict.file ?? 'known_hosts'}; refused. Ask the host's owner for its new key`;
      }
      return `the ${role}'s key for ${name} has CHANGED: it presents ${verdict.fingerprint}, ${verdict.file ?? 'known_hosts'} has ${verdict.recorded}. Someone may be intercepting the connection, or the host was reinstalled; nothing was read. If the change is expected, remove the old key with \`ssh-keygen -R '${name}' -f ${verdict.file ?? userFile}\` and record the new one after checking its fingerprint`;
    case 'cert-authority':
      return `known_hosts trusts a certificate authority for ${name}, and switchyard lint does not check host certificates; refused. Add the ${role}'s plain key (${verdict.fingerprint}) to ${userFile} if you trust it`;
  }
}

function describeSshError(err: unknown, entry: SshHostEntry): string {
  const e = err as { level?: string; message?: string; cause?: { level?: string } };
  const onJump = e.cause?.level === 'client-authentication';
  if (e.level === 'client-authentication' || onJump) {
    const who = onJump
      ? (e.message ?? '').split(': ')[0]
      : hopLabel({ username: entry.user, host: entry.hostName, port: entry.port });
    return `${who} refused the login (ssh-agent and key files without a passphrase were tried); load your key with ssh-add or add its public key to the host's authorized_keys`;
  }
  return (e.message ?? String(err)).split('\n')[0] ?? 'unknown error';
}
