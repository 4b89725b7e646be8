/** Percentile (nearest rank) of unsorted numbers; NaN for an empty list. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** min, p5, p50, p95, max and mean of a list, rounded for a report. */
export function summarize(
  values: readonly number[],
  digits = 4,
): Record<'min' | 'p5' | 'p50' | 'p95' | 'max' | 'mean', number> {
  const round = (value: number): number => Number(value.toFixed(digits));
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
  return {
    min: round(percentile(values, 0)),
    p5: round(percentile(values, 0.05)),
    p50: round(percentile(values, 0.5)),
    p95: round(percentile(values, 0.95)),
    max: round(percentile(values, 1)),
    mean: round(mean),
  };
}

/** Rounds to a number of decimals. */
export function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

/** Prints a progress line of the benchmark to stderr with the elapsed time. */
export function logStep(message: string): void {
  const time = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${time}] ${message}\n`);
}
