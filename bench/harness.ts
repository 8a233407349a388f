// What a benchmark module exports and the measuring helpers they share. `npm run bench` runs every
// bench/*.bench.ts and prints one table (bench/run.ts).

export interface BenchResult {
  name: string;
  /** what was measured, in `unit` (lower is better) */
  figure: number;
  unit: string;
  /** the same work done the fastest reasonable way, in `unit`: the ratio figure / floor is the cost of our code */
  floor?: number;
  /** figure above this fails the run (a requirement, not a wish) */
  limit?: number;
  /** throughput, memory, … */
  notes?: string[];
}

export interface BenchModule {
  title: string;
  run(report: (result: BenchResult) => void): Promise<void>;
}

export interface Measured<T> {
  value: T;
  seconds: number;
  /** highest resident set size during the run, minus the size when it started */
  peakRssDeltaBytes: number;
}

/**
 * Times `fn` and tracks its peak RSS. Sampling alone misses peaks while the event loop is blocked
 * (PGlite runs queries synchronously), so the process's lifetime maximum is consulted too.
 */
export async function measure<T>(fn: () => Promise<T>): Promise<Measured<T>> {
  const startRss = process.memoryUsage.rss();
  const startMaxRss = process.resourceUsage().maxRSS * 1024;
  let peak = startRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  try {
    const value = await fn();
    const seconds = (performance.now() - started) / 1000;
    const endMaxRss = process.resourceUsage().maxRSS * 1024;
    if (endMaxRss > startMaxRss) peak = Math.max(peak, endMaxRss);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, seconds, peakRssDeltaBytes: peak - startRss };
  } finally {
    clearInterval(sampler);
  }
}

export const formatMb = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const formatRate = (count: number, seconds: number): string => `${Math.round(count / seconds).toLocaleString('en-US')} rows/s`;
