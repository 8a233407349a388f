// `npm run bench [-- name-filter]`: runs every bench/*.bench.ts in turn and prints one table:
// benchmark, figure, floor (the same work done the fastest reasonable way), ratio, notes.
// Exits 1 when a figure is over its limit or a benchmark fails.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './harness.js';

const filter = process.argv[2];

function format(value: number | undefined, unit: string): string {
  if (value === undefined) return '—';
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit}`;
}

function table(results: BenchResult[]): string {
  const rows = results.map((r) => {
    const ratio = r.floor ? `${(r.figure / r.floor).toFixed(1)}×` : '—';
    const limit = r.limit === undefined ? [] : [`limit ${format(r.limit, r.unit)} ${r.figure <= r.limit ? 'ok' : 'EXCEEDED'}`];
    return [r.name, format(r.figure, r.unit), format(r.floor, r.unit), ratio, [...(r.notes ?? []), ...limit].join(' · ')];
  });
  const header = ['benchmark', 'figure', 'floor', 'ratio', 'notes'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  // Names and notes left-aligned, numbers right-aligned.
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<number> {
  const dir = import.meta.dirname;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
  if (files.length === 0) {
    process.stderr.write(`no benchmark matches ${JSON.stringify(filter)}\n`);
    return 2;
  }
  const results: BenchResult[] = [];
  let failed = false;
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default: BenchModule };
    process.stderr.write(`▶ ${module.default.title} (${file})\n`);
    try {
      await module.default.run((result) => {
        results.push(result);
        process.stderr.write(`  ${result.name}: ${format(result.figure, result.unit)}\n`);
      });
    } catch (error) {
      failed = true;
      process.stderr.write(`  failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  process.stdout.write(`\n${table(results)}\n`);
  const over = results.filter((r) => r.limit !== undefined && r.figure > r.limit);
  return failed || over.length > 0 ? 1 : 0;
}

process.exitCode = await main();
