// What a benchmark module exports and the measuring helpers they share. `npm run bench` runs every
// bench/*.bench.ts and prints one table (bench/run.ts).
import { databaseFromPglite, openPglite, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { seedFromTemplate } from '../src/db/pglite-template.js';

export interface BenchResult {
  name: string;
  /** what was measured, in `unit` (lower is better) */
  figure: number;
  unit: string;
  /** the same work done the fastest reasonable way, in `unit`: the ratio figure / floor is the cost of our code */
  floor?: number;
  /** figure above this fails the run (a requirement, not a wish) */
  limit?: number;
  /** figure / floor above this fails the run */
  maxRatio?: number;
  /** a target that is neither a limit nor a ratio (a count, a pace): its text, and whether it held */
  check?: { target: string; ok: boolean };
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

/** Several runs of one thing: the median time, and the highest peak RSS of any. */
export function acrossRuns(runs: readonly Measured<unknown>[]): { seconds: number; peakRssDeltaBytes: number } {
  return { seconds: median(runs.map((r) => r.seconds)), peakRssDeltaBytes: Math.max(...runs.map((r) => r.peakRssDeltaBytes)) };
}

/** The median of a few repeated runs: these machines are shared, so one run says little. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `BENCH_RUNS` (default 3): how many times the short benchmarks repeat, reporting the median. */
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

/** An embedded database in `dataDir`, as the bot opens one: from the template when there is one. */
export async function openBenchPglite(dataDir: string): Promise<Database> {
  await seedFromTemplate(dataDir);
  const db = databaseFromPglite(await openPglite(dataDir));
  await migrate(db);
  return db;
}

export const formatMb = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const formatRate = (count: number, seconds: number): string => `${Math.round(count / seconds).toLocaleString('en-US')} rows/s`;

/** Row counts from an environment variable like `10k,100k,1M` (or `fallback`); empty means none. */
export function sizes(variable: string, fallback: string): number[] {
  const list = (process.env[variable] ?? fallback).split(',').filter((s) => s.trim() !== '');
  return list.map((s) => {
    const m = /^(\d+(?:\.\d+)?)([kM]?)$/.exec(s.trim());
    if (!m) throw new Error(`${variable}: ${s} is not a size like 10k or 1M`);
    return Math.round(Number(m[1]) * (m[2] === 'M' ? 1e6 : m[2] === 'k' ? 1e3 : 1));
  });
}

export const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
