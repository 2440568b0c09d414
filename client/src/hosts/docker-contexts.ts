import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SshHostEntry } from '@switchyard/hostio';

/**
 * Docker engines as Docker's own tools find them: `DOCKER_HOST`, and the contexts `docker context create`
 * writes (`$DOCKER_CONFIG/contexts/meta/<sha256 of the name>/meta.json`, DOCKER_CONFIG defaulting to
 * ~/.docker). No vscode import: tested with a fake HOME in test/unit/client/hosts/docker-contexts.test.ts.
 */
export type DockerTarget =
  | { name: string; from: string; kind: 'local'; socket: string }
  | { name: string; from: string; kind: 'ssh'; user?: string; hostName: string; port?: number };

/** One line per endpoint that was left out, and why (for the log). */
export type Skipped = (line: string) => void;

// Docker's meta.json: {"Name": "...", "Metadata": {...}, "Endpoints": {"docker": {"Host": "...", ...}}}.
const ContextMetaSchema = z.object({
  Name: z.string().min(1).max(256),
  Endpoints: z.object({ docker: z.object({ Host: z.string().max(2048).optional() }).optional() }).optional(),
});

/** Bounded: a contexts folder with thousands of entries (or a huge file) is not read whole. */
const MAX_CONTEXTS = 200;
const MAX_META_BYTES = 64 * 1024;

export function dockerConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  return env.DOCKER_CONFIG || join(home, '.docker');
}

/** `unix:///path` → a local socket; `ssh://[user@]host[:port]` → an SSH host; anything else is skipped. */
export function targetFromDockerHost(
  name: string,
  from: string,
  host: string,
  skipped: Skipped,
): DockerTarget | undefined {
  if (host.startsWith('unix://')) {
    const socket = host.slice('unix://'.length);
    if (socket.startsWith('/')) return { name, from, kind: 'local', socket };
    skipped(`${from}: "${host}" is not an absolute socket path; skipped`);
    return undefined;
  }
  const ssh = /^ssh:\/\/(?:([^@/\s]+)@)?(\[[^\]/]+\]|[^:/\s]+)(?::(\d{1,5}))?\/?$/.exec(host);
  if (ssh) {
    const port = ssh[3] === undefined ? undefined : Number(ssh[3]);
    if (port !== undefined && (port < 1 || port > 65535)) {
      skipped(`${from}: port ${port} in "${host}" is out of range; skipped`);
      return undefined;
    }
    return {
      name,
      from,
      kind: 'ssh',
      hostName: (ssh[2] ?? '').replace(/^\[|\]$/g, ''),
      ...(ssh[1] ? { user: ssh[1] } : {}),
      ...(port !== undefined ? { port } : {}),
    };
  }
  const scheme = /^([a-z]+):\/\//.exec(host)?.[1] ?? host;
  skipped(
    `${from}: "${host}" skipped: Switchyard reaches Docker through a Unix socket, locally or over SSH, not ${scheme}`,
  );
  return undefined;
}

/**
 * The Docker engines `DOCKER_HOST` and the Docker contexts name, in that order. The implicit `default` context
 * (DOCKER_HOST or the local socket) is not a context on disk and is not listed from there.
 */
export function dockerTargets(env: NodeJS.ProcessEnv, home: string, skipped: Skipped): DockerTarget[] {
  const out: DockerTarget[] = [];
  if (env.DOCKER_HOST) {
    const t = targetFromDockerHost('DOCKER_HOST', 'DOCKER_HOST', env.DOCKER_HOST, skipped);
    if (t) out.push(t);
  }
  const metaDir = join(dockerConfigDir(env, home), 'contexts', 'meta');
  if (!existsSync(metaDir)) return out;
  let dirs: string[];
  try {
    dirs = readdirSync(metaDir).sort();
  } catch (e) {
    skipped(`${metaDir}: ${(e as Error).message}`);
    return out;
  }
  if (dirs.length > MAX_CONTEXTS)
    skipped(`${metaDir}: ${dirs.length} contexts; the first ${MAX_CONTEXTS} are listed`);
  for (const dir of dirs.slice(0, MAX_CONTEXTS)) {
    const file = join(metaDir, dir, 'meta.json');
    const meta = readMeta(file, skipped);
    const host = meta?.Endpoints?.docker?.Host;
    if (!meta) continue;
    if (!host) {
      skipped(`${file}: context "${meta.Name}" has no Docker endpoint; skipped`);
      continue;
    }
    const t = targetFromDockerHost(meta.Name, `Docker context "${meta.Name}"`, host, skipped);
    if (t) out.push(t);
  }
  return out;
}

function readMeta(file: string, skipped: Skipped): z.infer<typeof ContextMetaSchema> | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_META_BYTES) {
      skipped(`${file}: larger than ${MAX_META_BYTES} bytes; skipped`);
      return undefined;
    }
    const parsed = ContextMetaSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    skipped(
      `${file}: not a Docker context (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''}); skipped`,
    );
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') skipped(`${file}: ${(e as Error).message}; skipped`);
  }
  return undefined;
}

/**
 * The SSH entry for an `ssh://` Docker endpoint. Docker runs the `ssh` program, which reads ~/.ssh/config, so
 * a host name that is an ssh config alias takes that entry's settings (the endpoint's user and port win).
 */
export function sshEntryForDocker(
  t: Extract<DockerTarget, { kind: 'ssh' }>,
  sshConfig: readonly SshHostEntry[],
  defaultUser: string,
): SshHostEntry {
  const base = sshConfig.find((e) => e.alias === t.hostName);
  return {
    ...(base ?? { hostName: t.hostName, user: defaultUser, port: 22, identityFiles: [] }),
    alias: `${t.name} (Docker)`,
    ...(t.user ? { user: t.user } : {}),
    ...(t.port ? { port: t.port } : {}),
    source: 'docker-context',
  };
}
