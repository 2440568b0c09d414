/**
 * Docker's label filter (`--filter label=KEY` or `label=KEY=VALUE`): whether a set of labels has the key, or the
 * key with that value. `label!=` is the negation. Pure: the engine's prune and the engine CLI's `ls` filters
 * use the same reading.
 */
export function matchesLabel(labels: Readonly<Record<string, string>>, filter: string): boolean {
  const eq = filter.indexOf('=');
  const key = eq < 0 ? filter : filter.slice(0, eq);
  if (!Object.hasOwn(labels, key)) return false;
  return eq < 0 || labels[key] === filter.slice(eq + 1);
}
