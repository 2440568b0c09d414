// Command-line options of the bench/lsp scripts (lsp.bench.ts, alone.ts, profile-keystrokes.ts).
import type { ProjectSize } from './generate';

/** The value after `--name`, if given. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A positive integer option, or `fallback`. */
export function count(name: string, fallback: number): number {
  const v = Number(arg(name));
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/** `--sizes 200x40,1000x200`: services x networks per generated project. */
export function sizes(fallback: string): ProjectSize[] {
  const spec = arg('sizes') ?? fallback;
  return spec.split(',').map((s) => {
    const [services, networks] = s.split('x').map(Number);
    if (!services || !networks) throw new Error(`--sizes: "${s}" is not SERVICESxNETWORKS, e.g. 200x40`);
    return { services, networks };
  });
}
