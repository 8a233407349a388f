// Builds the migrated PGlite template that a first start on an empty DATA_DIR copies
// (src/db/pglite-template.ts). Run at install by scripts/prisma-generate.mjs; safe to run again.
import { buildTemplate } from '../src/db/pglite-template.js';

const started = performance.now();
const path = await buildTemplate();
process.stdout.write(`PGlite template ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${path}\n`);
