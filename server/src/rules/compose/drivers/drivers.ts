/** The network drivers built into the Linux engine. `none` is not one: the none network uses `null`. */
export const BUILTIN_DRIVERS = ['bridge', 'host', 'null', 'overlay', 'macvlan', 'ipvlan'] as const;

/** Plugin references carry a repository or a tag (`weaveworks/net-plugin:latest`). */
export function looksLikePlugin(driver: string): boolean {
  return driver.includes('/') || driver.includes(':');
}

/** The built-in driver a typo most likely meant (edit distance ≤ 2), or `null` for `none`. */
export function nearestDriver(driver: string): string | undefined {
  if (driver === 'none') return 'null';
  let best: string | undefined;
  let bestDist = 3;
  for (const d of BUILTIN_DRIVERS) {
    const dist = editDistance(driver.toLowerCase(), d);
    if (dist < bestDist) {
      best = d;
      bestDist = dist;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions counted as one edit (`brigde` -> `bridge`). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const cell = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, cell(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = v;
    }
  }
  return cell(a.length, b.length);
}
