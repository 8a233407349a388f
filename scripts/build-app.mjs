// Compiles src/ to plain JavaScript for `npm start` (scripts/start.mjs): Node then loads the bot
// without tsx's loader, which was ~0.6 s of a 1.9 s local start (bench/local-start.bench.ts). One
// file per source file (no bundle), so each module keeps its place relative to the project (see
// src/lib/project-root.ts) and stack traces map back to the TypeScript through source maps.
// A new copy is built whenever a source file or folder changed, appeared or went away: `npm start`
// never runs code older than src/. Run directly (the Docker image), it builds the project's copy.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const APP_SRC_DIR = join(ROOT, 'src');
/** Beside the PGlite template: what `npm ci` may throw away and the next start rebuilds. */
export const APP_BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'retaguarda', 'app');
const STAMP_FILE = '.sources';
const KEEP_OLD_COPIES = 2;

/** What a copy is built from: every .ts file's path and every entry's mtime under `srcDir`, and this script. */
function sourcesStamp(srcDir) {
  const files = [];
  let newest = statSync(srcDir).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      newest = Math.max(newest, statSync(path).mtimeMs);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  walk(srcDir);
  files.sort();
  // The file list itself (a rename keeps every mtime but changes the list), and how they are built.
  const how = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  return { files, stamp: JSON.stringify({ newest, files: files.map((f) => f.slice(srcDir.length)), how }) };
}

/**
 * The compiled copy of `srcDir` as it is now, built first if missing; `built` says whether it was.
 * Each state of the sources gets its own folder under `buildDir`, never changed once written: a
 * running bot keeps loading its lazy modules (Slack's, the server driver) from its own.
 */
export async function ensureBuilt(srcDir = APP_SRC_DIR, buildDir = APP_BUILD_DIR) {
  const { files, stamp } = sourcesStamp(srcDir);
  const dir = join(buildDir, createHash('sha256').update(stamp).digest('hex').slice(0, 16));
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
    writeFileSync(join(aside, STAMP_FILE), stamp);
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

/** Copies of earlier sources, but the newest few: a bot started from one may still be running. */
function removeOldCopies(buildDir, current) {
  const copies = readdirSync(buildDir)
    .filter((name) => /^[0-9a-f]{16}$/.test(name) && join(buildDir, name) !== current)
    .map((name) => ({ path: join(buildDir, name), at: statSync(join(buildDir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of copies.slice(KEEP_OLD_COPIES)) rmSync(old.path, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const { dir } = await ensureBuilt();
  process.stdout.write(`compiled src/ in ${((performance.now() - started) / 1000).toFixed(1)} s: ${dir}\n`);
}
