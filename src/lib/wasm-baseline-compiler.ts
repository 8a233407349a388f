// Imported first by main.ts, before anything compiles WebAssembly (PGlite's PostgreSQL, Prisma's
// query compiler). V8 re-compiles hot WebAssembly functions with its optimizing compiler; for these
// two large modules that cost ~70 MB of resident memory (local mode ~335 → ~265 MB once running).
// Keep the baseline compiler (Liftoff) only. What it costs is PGlite's speed on large tables (a
// watch cycle over 100k products ~10–25% slower; docs/architecture.md has the figures), not
// measurable at local mode's sizes. The flag only affects code compiled after it is set, hence
// "first" (bench/run.ts imports it first as well).
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
