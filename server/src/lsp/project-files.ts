import { basename, dirname, join } from 'node:path';

/** The names `docker compose` looks for, in its order of preference, and the override beside each. */
const BASES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE_OF: Record<string, string[]> = {
  'compose.yaml': ['compose.override.yaml', 'compose.override.yml'],
  'compose.yml': ['compose.override.yml', 'compose.override.yaml'],
  'docker-compose.yml': ['docker-compose.override.yml', 'docker-compose.override.yaml'],
  'docker-compose.yaml': ['docker-compose.override.yaml', 'docker-compose.override.yml'],
};

/**
 * The `-f` files of the project an open file belongs to, as `docker compose` run in its directory would pick
 * them: a base file plus the override beside it. An override opened on its own is checked together with its
 * base. Any other YAML file is a project of its own (e.g. `compose.prod.yaml` used with `-f`).
 */
export function projectFilesFor(path: string, exists: (p: string) => boolean): string[] {
  const dir = dirname(path);
  const name = basename(path);
  if (OVERRIDE_OF[name] !== undefined) return [path, ...firstExisting(dir, OVERRIDE_OF[name], exists)];
  const base = baseOfOverride(name);
  if (base !== undefined) {
    const baseFile = firstExisting(dir, base, exists);
    return baseFile.length > 0 ? [...baseFile, path] : [path];
  }
  return [path];
}

function baseOfOverride(name: string): string[] | undefined {
  const bases = BASES.filter((b) => OVERRIDE_OF[b]?.includes(name));
  return bases.length > 0 ? bases : undefined;
}

function firstExisting(dir: string, names: string[], exists: (p: string) => boolean): string[] {
  for (const n of names) {
    const p = join(dir, n);
    if (exists(p)) return [p];
  }
  return [];
}
