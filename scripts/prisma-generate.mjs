// Runs `prisma generate` at install. Prisma 7's CLI insists that a native schema-engine binary
// exists before it generates, even though generating never runs it, and that binary cannot be
// downloaded on machines without network access beyond the npm registry. When the real binary is
// absent we point PRISMA_SCHEMA_ENGINE_BINARY at an existing file (node itself) so generate works
// offline. Where the real binary is present this changes nothing. `migrate`/`db` commands really
// run the engine, which is why this project never uses them (see README, "Migrations").
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function realEngineBinary() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync(process.env.PRISMA_SCHEMA_ENGINE_BINARY)) {
    return process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  }
  try {
    const enginesDir = dirname(require.resolve('@prisma/engines/package.json'));
    const found = readdirSync(enginesDir).find((f) => f.startsWith('schema-engine'));
    return found ? join(enginesDir, found) : undefined;
  } catch {
    return undefined;
  }
}

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!realEngineBinary()) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

const prismaCli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', 'prisma/schema.prisma'], {
  stdio: 'inherit',
  env,
});
if (result.status !== 0) process.exit(result.status ?? 1);

// Then the migrated embedded-database template, so a first `npm start` copies it instead of running
// initdb and every migration. Best effort: without it (an image built before src/ is copied, a
// failure here) the bot still starts, only slower, so an install never fails for it.
const templateScript = 'scripts/build-pglite-template.ts';
if (existsSync(templateScript) && existsSync('src/db/pglite-template.ts')) {
  const template = spawnSync(process.execPath, ['--import', 'tsx', templateScript], { stdio: 'inherit' });
  if (template.status !== 0) process.stderr.write('warning: could not build the PGlite template; the first start will run initdb instead\n');
}
