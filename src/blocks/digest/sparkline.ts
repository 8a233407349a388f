// A trend drawn in text, so a digest needs no image upload: one bar per digest, oldest first.
const BARS = '▁▂▃▄▅▆▇█';

/**
 * Bars scaled from zero to the largest value (zero is always the lowest bar, so a flat line at 40
 * does not look like a flat line at 0). Empty with fewer than two points: no trend yet.
 */
export function sparkline(values: readonly number[]): string {
  if (values.length < 2) return '';
  const max = Math.max(...values);
  return values.map((v) => BARS[max > 0 ? Math.round((Math.max(0, v) / max) * (BARS.length - 1)) : 0]).join('');
}

/** " `▁▃▅▇`" to append to a figure, or nothing when there is no trend yet. */
export function trendSuffix(values: readonly number[]): string {
  const line = sparkline(values);
  return line ? ` \`${line}\`` : '';
}
