// Compiles src/ to plain JavaScript for `npm start` (scripts/start.mjs): Node then loads the bot
// without tsx's loader, which was ~0.5 s of a 1.9 s local start (bench/local-start.bench.ts). One
// file per source file (no bundle), so each module keeps its place relative to the project (see
// src/lib/project-root.ts) and stack traces map back to the TypeScript through source maps.
// A new copy is built whenever a source file changed, appeared or went away: `npm start` never runs
// code older than src/. Run directly (the Docker image), it builds the project's copy.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const APP_SRC_DIR = join(ROOT, 'src');
/** Beside the PGlite template: what `npm ci` may throw away and the next start rebuilds. */
export const APP_BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'retaguarda', 'app');
/** Written last into a copy: a folder without it is not one. */
const STAMP_FILE = '.built';
const KEEP_OLD_COPIES = 2;
/** A build takes under a second: a folder still aside after this was left by a killed one. */
const ABANDONED_AFTER_MS = 3_600_000;

/**
 * What a copy is built from, as a key: every .ts file under `srcDir` with its size and date, and
 * this script. Any edit, new, removed or renamed file — or one put back at an older date — changes it.
 */
function sourcesKey(srcDir) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  walk(srcDir);
  files.sort();
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of files) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`\0${file.slice(srcDir.length)}\0${size}\0${mtimeMs}`);
  }
  return { files, key: hash.digest('hex').slice(0, 16) };
}

/**
 * The compiled copy of `srcDir` as it is now, built first if missing; `built` says whether it was.
 * Each state of the sources gets its own folder under `buildDir`, never changed once written: a
 * running bot keeps loading its lazy modules (Slack's, the server driver) from its own.
 */
export async function ensureBuilt(srcDir = APP_SRC_DIR, buildDir = APP_BUILD_DIR) {
  const { files, key } = sourcesKey(srcDir);
  const dir = join(buildDir, key);
  if (existsSync(join(dir, STAMP_FILE))) return { dir, built: false };
  const { build } = await import('esbuild');
  // Built aside and renamed into place: a start stopped half-way leaves nothing that looks done.
  const aside = `${dir}.${process.pid}.tmp`;
  rmSync(aside, { recursive: true, force: true });
  try {
    await build({
      entryPoints: files,
      outbase: srcDir,
      outdir: aside,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    writeFileSync(join(aside, STAMP_FILE), `${key}\n`);
    try {
      renameSync(aside, dir);
    } catch (error) {
      // Another start built the same copy meanwhile: use theirs.
      if (!existsSync(join(dir, STAMP_FILE))) throw error;
    }
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
  removeOldCopies(buildDir, dir);
  return { dir, built: true };
}

/**
 * Copies of earlier sources but the newest few (a bot started from one may still be running), and
 * what a build killed half-way left aside long ago.
 */
function removeOldCopies(buildDir, current) {
  const entries = readdirSync(buildDir).map((name) => ({ name, path: join(buildDir, name), at: statSync(join(buildDir, name)).mtimeMs }));
  const copies = entries.filter((e) => /^[0-9a-f]{16}$/.test(e.name) && e.path !== current).sort((a, b) => b.at - a.at);
  const abandoned = entries.filter((e) => e.name.endsWith('.tmp') && Date.now() - e.at > ABANDONED_AFTER_MS);
  for (const old of [...copies.slice(KEEP_OLD_COPIES), ...abandoned]) rmSync(old.path, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const { dir } = await ensureBuilt();
  process.stdout.write(`compiled src/ in ${((performance.now() - started) / 1000).toFixed(1)} s: ${dir}\n`);
}
