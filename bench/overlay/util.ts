// Shared by the overlay bench and conv-trace: a numeric `--name N` argument, and a percentile.

/** The number after `--name` on the command line, or `dflt`. */
export const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

/** The `p`th percentile of `xs` (nearest rank; NaN when empty). */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
