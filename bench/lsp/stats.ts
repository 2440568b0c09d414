// Summary statistics for the benchmark's samples (milliseconds).

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Median and nearest-rank p95 (the 19th of 20 samples), rounded to 0.01 ms. */
export function summarize(samples: number[]): Summary {
  const xs = [...samples].sort((a, b) => a - b);
  const at = (i: number): number => round(xs[Math.min(xs.length - 1, Math.max(0, i))] ?? NaN);
  const mid = xs.length >> 1;
  const median = xs.length % 2 === 1 ? at(mid) : round(((xs[mid - 1] ?? NaN) + (xs[mid] ?? NaN)) / 2);
  return {
    n: xs.length,
    median,
    p95: at(Math.ceil(0.95 * xs.length) - 1),
    min: at(0),
    max: at(xs.length - 1),
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
