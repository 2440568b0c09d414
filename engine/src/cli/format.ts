/** Docker-style left-aligned columns (its tabwriter: at least 10 wide, 3 spaces of padding). */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(Math.max(10, (widths[i] ?? 0) + 3))))
      .join('')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export const json = (v: unknown): string => JSON.stringify(v, null, 4);
