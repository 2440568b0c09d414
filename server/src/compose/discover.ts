import { basename, dirname, join } from 'node:path';

/** compose-go `cli.DefaultFileNames`, in the order `docker compose` tries them. */
export const COMPOSE_FILE_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
];

/** compose-go `cli.DefaultOverrideFileNames`. */
export const OVERRIDE_FILE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

export type Exists = (path: string) => boolean;

/**
 * The files `docker compose` would load when run in `dir` without `-f`: the first default file found in
 * `dir` or, failing that, the nearest parent directory that has one, plus the first override file beside
 * it. Empty when there is none.
 */
export function discoverProjectFiles(dir: string, exists: Exists): string[] {
  let current = dir;
  for (;;) {
    const base = COMPOSE_FILE_NAMES.map((n) => join(current, n)).find(exists);
    if (base !== undefined) return withOverride(base, exists);
    const parent = dirname(current);
    if (parent === current) return [];
    current = parent;
  }
}

function withOverride(base: string, exists: Exists): string[] {
  const override = OVERRIDE_FILE_NAMES.map((n) => join(dirname(base), n)).find(exists);
  return override === undefined ? [base] : [base, override];
}

/**
 * The files of the project an open file belongs to, for the language server: a default file comes with
 * the override beside it; an override file (`compose.override.yaml`, or a variant such as
 * `docker-compose.prod.yml`, which users pass as `-f docker-compose.yml -f docker-compose.prod.yml`) comes
 * after the default file beside it. Any other file stands alone.
 */
export function projectFilesFor(path: string, exists: Exists): string[] {
  const name = basename(path);
  const dir = dirname(path);
  if (COMPOSE_FILE_NAMES.includes(name)) return withOverride(path, exists);
  if (!isOverrideName(name)) return [path];
  const base = COMPOSE_FILE_NAMES.map((n) => join(dir, n)).find(exists);
  return base === undefined ? [path] : [base, path];
}

/** `compose.override.yaml` and the `(docker-)compose.<variant>.y(a)ml` files that sit beside a base. */
function isOverrideName(name: string): boolean {
  return OVERRIDE_FILE_NAMES.includes(name) || /^(docker-)?compose\.[^.]+\.ya?ml$/.test(name);
}
