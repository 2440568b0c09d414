import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** The ssh config cannot be read as OpenSSH would (an Include cycle, too deep, too big): nothing is used. */
export class SshConfigError extends Error {}

/** What reading an ssh config may touch; Node's fs by default, a map in unit tests. */
export interface ConfigFiles {
  /** A regular file's text, or undefined when there is none at that path. */
  read(path: string): string | undefined;
  /** The names in a directory, or undefined when it is not one. */
  list(dir: string): string[] | undefined;
  /** The canonical path (symlinks resolved), so a cycle through a link is still seen. */
  realpath(path: string): string;
}

/** OpenSSH gives up past 16 nested Includes (READCONF_MAX_DEPTH); so do we, plus a bound on files and bytes. */
export const INCLUDE_LIMITS = { depth: 16, files: 256, bytes: 4 * 1024 * 1024 };

export const nodeConfigFiles: ConfigFiles = {
  read(path) {
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) return undefined;
      size = st.size;
    } catch {
      return undefined;
    }
    // Checked before reading: a huge file is refused without being read.
    if (size > INCLUDE_LIMITS.bytes) {
      throw new SshConfigError(
        `ssh config: ${path} is larger than ${INCLUDE_LIMITS.bytes} bytes; Switchyard does not read it`,
      );
    }
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  list(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return undefined;
    }
  },
  realpath(path) {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  },
};

interface Options {
  home: string;
  files?: ConfigFiles;
  log?: (line: string) => void;
  limits?: typeof INCLUDE_LIMITS;
}

/**
 * The user's ssh config (`~/.ssh/config`) with every `Include` replaced by the files it names, as OpenSSH reads
 * it: paths without a leading `/` or `~` are relative to `~/.ssh`; glob wildcards (`*`, `?`, `[…]`) match in
 * lexical order, a leading `.` only when written; a path that matches nothing is skipped. After an included
 * file the enclosing `Host`/`Match` line is repeated, so the lines after the Include stay in their own block.
 * An Include cycle, more than 16 nested files, more than 256 files or 4 MiB in all is a `SshConfigError`.
 * Empty when there is no config.
 */
export function readSshConfig(options: Options): string {
  const path = join(options.home, '.ssh', 'config');
  const files = options.files ?? nodeConfigFiles;
  const text = files.read(path);
  return text === undefined ? '' : expandIncludes(text, path, options);
}

/** `text` (read from `origin`) with its Includes expanded; see readSshConfig. */
export function expandIncludes(text: string, origin: string, options: Options): string {
  const files = options.files ?? nodeConfigFiles;
  const limits = options.limits ?? INCLUDE_LIMITS;
  const budget = { files: 0, bytes: text.length };
  const show = (p: string) => (p.startsWith(`${options.home}/`) ? `~${p.slice(options.home.length)}` : p);

  const expand = (body: string, chain: string[]): string[] => {
    const out: string[] = [];
    let header: string | undefined;
    for (const line of body.split('\n')) {
      const m = /^\s*(\w+)(?:\s*=\s*|\s+)(.*)$/.exec(line);
      const keyword = m?.[1]?.toLowerCase();
      if (keyword === 'host' || keyword === 'match') header = line.trim();
      if (keyword !== 'include' || !m) {
        out.push(line);
        continue;
      }
      for (const arg of words(m[2] ?? '')) {
        const matched = matchPaths(
          resolveIncludePath(arg, options.home, options.log),
          files,
          limits.files,
          arg,
        );
        for (const file of matched) {
          const real = files.realpath(file);
          if (chain.includes(real)) {
            throw new SshConfigError(
              `ssh config: Include cycle: ${[...chain, real].map(show).join(' → ')}; remove one of these Include lines`,
            );
          }
          if (chain.length >= limits.depth) {
            throw new SshConfigError(
              `ssh config: Include nested deeper than ${limits.depth} files at ${show(file)} (OpenSSH stops there too); flatten the Include chain`,
            );
          }
          const included = files.read(file);
          if (included === undefined) continue;
          budget.files += 1;
          budget.bytes += included.length;
          if (budget.files > limits.files || budget.bytes > limits.bytes) {
            throw new SshConfigError(
              `ssh config: Include reads more than ${limits.files} files or ${limits.bytes} bytes (at ${show(file)}); Switchyard reads no more`,
            );
          }
          out.push(...expand(included, [...chain, real]));
          out.push(header ?? 'Host *');
        }
      }
    }
    return out;
  };
  return expand(text, [files.realpath(origin)]).join('\n');
}

/** An Include argument as a path: `~` is the home, a relative path is under ~/.ssh. */
function resolveIncludePath(arg: string, home: string, log?: (line: string) => void): string {
  if (arg === '~' || arg.startsWith('~/')) return home + arg.slice(1);
  if (arg.startsWith('~')) {
    log?.(`ssh config: Include ${arg} (another user's home) is skipped`);
    return '';
  }
  return isAbsolute(arg) ? arg : join(home, '.ssh', arg);
}

/** The existing paths a glob pattern matches, sorted as glob(3) sorts them; a plain path is itself. */
function matchPaths(pattern: string, files: ConfigFiles, most: number, written: string): string[] {
  if (!pattern) return [];
  if (!/[*?[]/.test(pattern)) return [pattern];
  let found = ['/'];
  for (const segment of pattern.split('/').filter(Boolean)) {
    if (!/[*?[]/.test(segment)) {
      found = found.map((dir) => join(dir, segment));
      continue;
    }
    const re = segmentPattern(segment);
    found = found.flatMap((dir) =>
      (files.list(dir) ?? [])
        .filter((name) => re.test(name) && (segment.startsWith('.') || !name.startsWith('.')))
        .sort()
        .map((name) => join(dir, name)),
    );
    // A pattern such as /*/*/* must not walk the whole disk: it could never stay within the file budget.
    if (found.length > most) {
      throw new SshConfigError(
        `ssh config: Include ${written} matches more than ${most} paths; Switchyard reads no more`,
      );
    }
  }
  return found;
}

function segmentPattern(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = segment
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Space-separated words, double quotes keeping spaces inside one word. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    if (m[2]?.startsWith('#')) break; // a comment ends the line
    const w = m[1] ?? m[2];
    if (w) out.push(w);
  }
  return out;
}
