// Imported first by main.ts, beside wasm-baseline-compiler.ts, and by cli/import.ts (bench/run.ts
// and bench/import-peak-rss.ts import it first too). After each full garbage collection V8 lets
// the old generation grow by a factor it picks between 1.1 and 4 before collecting again. A watch
// cycle over 1M rows goes through page after page of short-lived rows and alerts: a heap snapshot
// taken at its peak found the live heap ~8 MB above the cycle's start and the rest garbage, so its
// peak RSS followed V8's timing, +79 to +116 MB over the 10k cycle in 20 runs. Held to 30% growth:
// +35 MB, and the cycles' times within their usual spread (bench/watch-cycle.bench.ts). An import
// streams batch after batch the same way: 1M new products over 100k, +108 MB without it, +24 to
// +40 MB with it (bench/import-peak-rss.ts).
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--heap-growing-percent=30');
