// Imported first by main.ts, before anything compiles WebAssembly (PGlite's PostgreSQL, Prisma's
// query compiler). V8 re-compiles hot WebAssembly functions with its optimizing compiler; for these
// two large modules that cost ~70 MB of resident memory (local mode ~335 → ~265 MB once running)
// for no speed we could measure on the bot's queries, on PGlite or on a server. Keep the baseline
// compiler (Liftoff) only. The flag only affects code compiled after it is set, hence "first".
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
