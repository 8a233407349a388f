// `npm run bench [-- name-filter]`: runs every bench/*.bench.ts in turn and prints one table:
// benchmark, figure, floor (the same work done the fastest reasonable way), ratio, target, notes;
// writes it to bench/results.md too (saying which benchmarks ran, when filtered). Exits 1 when a
// target is missed or a benchmark fails.
// First, as in src/main.ts: the bot compiles WebAssembly (PGlite, Prisma's query compiler) with the
// baseline compiler only, and holds V8's heap growth down; its figures must be the bot's. Without
// the first, PGlite's queries ran faster here than in the bot (watch PGlite 100k: floor 0.17–0.25 s
// against 0.27–0.28 s).
import '../src/lib/wasm-baseline-compiler.js';
import '../src/lib/heap-growth.js';
import { readdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './harness.js';

const filter = process.argv[2];

function format(value: number | undefined, unit: string): string {
  if (value === undefined) return '—';
  if (Number.isInteger(value)) return `${value.toLocaleString('en-US')} ${unit}`;
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit}`;
}

/** Each target of a result, as text, and whether the figure met it. */
function targets(r: BenchResult): { text: string; ok: boolean }[] {
  const list: { text: string; ok: boolean }[] = [];
  if (r.limit !== undefined) list.push({ text: `≤ ${format(r.limit, r.unit)}`, ok: r.figure <= r.limit });
  if (r.maxRatio !== undefined && r.floor) list.push({ text: `≤ ${r.maxRatio}× floor`, ok: r.figure / r.floor <= r.maxRatio });
  if (r.check) list.push({ text: r.check.target, ok: r.check.ok });
  return list;
}

const missed = (r: BenchResult) => targets(r).some((t) => !t.ok);

function rows(results: BenchResult[]): string[][] {
  return results.map((r) => {
    const ratio = r.floor ? `${(r.figure / r.floor).toFixed(1)}×` : '—';
    const target = targets(r).map((t) => `${t.text} ${t.ok ? 'ok' : 'MISSED'}`).join(', ') || '—';
    return [r.name, format(r.figure, r.unit), format(r.floor, r.unit), ratio, target, (r.notes ?? []).join(' · ')];
  });
}

const HEADER = ['benchmark', 'figure', 'floor', 'ratio', 'target', 'notes'];

function table(results: BenchResult[]): string {
  const body = rows(results);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  // Numbers right-aligned, text left-aligned.
  const line = (cells: string[]) => cells.map((c, i) => (i >= 1 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The BENCH_* settings of this run, if any (sizes, repeats). */
function knobs(): string[] {
  const set = Object.entries(process.env).filter(([name]) => name.startsWith('BENCH_'));
  return set.length ? ['', `Settings: ${set.map(([name, value]) => `${name}=${value}`).join(', ')}.`] : [];
}

function markdown(results: BenchResult[], failures: string[], files: string[]): string {
  const cell = (c: string) => c.replaceAll('|', '\\|');
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  return [
    `# npm run bench — ${new Date().toISOString()}`,
    '',
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at the end ${load}.`,
    ...(filter ? ['', `Only ${files.join(', ')} (filter ${JSON.stringify(filter)}).`] : []),
    ...knobs(),
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map(() => '---').join('|')}|`,
    ...rows(results).map((row) => `| ${row.map(cell).join(' | ')} |`),
    ...(failures.length ? ['', ...failures.map((f) => `- failed: ${f}`)] : []),
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const dir = import.meta.dirname;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
  if (files.length === 0) {
    process.stderr.write(`no benchmark matches ${JSON.stringify(filter)}\n`);
    return 2;
  }
  const results: BenchResult[] = [];
  const failures: string[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default: BenchModule };
    process.stderr.write(`▶ ${module.default.title} (${file})\n`);
    try {
      await module.default.run((result) => {
        results.push(result);
        process.stderr.write(`  ${result.name}: ${format(result.figure, result.unit)}\n`);
      });
    } catch (error) {
      const message = `${module.default.title}: ${error instanceof Error ? error.message : String(error)}`;
      failures.push(message);
      process.stderr.write(`  failed: ${message}\n`);
    }
  }
  process.stdout.write(`\n${table(results)}\n`);
  const file = join(dir, 'results.md');
  await writeFile(file, markdown(results, failures, files));
  process.stderr.write(`written to ${file}\n`);
  return failures.length > 0 || results.some(missed) ? 1 : 0;
}

process.exitCode = await main();
