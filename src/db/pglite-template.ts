// A migrated, empty PGlite data directory, built once at `npm install` (scripts/prisma-generate.mjs),
// so that the first start on an empty DATA_DIR copies ~40 MB of files instead of running initdb
// (4–8 s and ~1 GB peak RSS) and every migration. The template is keyed by PGlite's version and
// the migrations' checksums: a stale or missing one is simply not used (the caller falls back to
// initdb + migrate), and applying pending migrations after a copy stays the normal path.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../lib/project-root.js';
import { databaseFromPglite, openPglite } from './database.js';
import { MIGRATIONS_DIR, migrate, readMigrations } from './migrate.js';

/** node_modules/.cache is where tools keep what `npm ci` may throw away and rebuild. */
export const TEMPLATE_CACHE_DIR = join(PROJECT_ROOT, 'node_modules', '.cache', 'retaguarda');
const PREFIX = 'pglite-template-';
const TEMPLATE_NAME = /^pglite-template-[0-9a-f]{16}$/;
// Written last when copying: PGlite (like PostgreSQL) takes a directory without it for an empty
// one, so a copy cut short is redone on the next start rather than opened half-made.
const VERSION_FILE = 'PG_VERSION';

async function pgliteVersion(): Promise<string> {
  // Its package.json is not exported: found beside the entry point (dist/).
  const manifest = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

/** Where the template for this PGlite and these migrations lives (it may not exist). */
export async function templatePath(cacheDir = TEMPLATE_CACHE_DIR, migrationsDir = MIGRATIONS_DIR): Promise<string> {
  const hash = createHash('sha256').update(await pgliteVersion());
  for (const m of await readMigrations(migrationsDir)) hash.update(`\0${m.name}\0${m.checksum}`);
  return join(cacheDir, `${PREFIX}${hash.digest('hex').slice(0, 16)}`);
}

export function isInitialized(dataDir: string): boolean {
  return existsSync(join(dataDir, VERSION_FILE));
}

/**
 * Fills an uninitialized `dataDir` from the template matching the current migrations; true if it
 * did. The caller holds the DATA_DIR lock (its lock file may already be in `dataDir`).
 */
export async function seedFromTemplate(dataDir: string, cacheDir = TEMPLATE_CACHE_DIR, migrationsDir = MIGRATIONS_DIR): Promise<boolean> {
  if (isInitialized(dataDir)) return false;
  const template = await templatePath(cacheDir, migrationsDir);
  if (!isInitialized(template)) return false;
  const before = new Set(existsSync(dataDir) ? readdirSync(dataDir) : []);
  try {
    cpSync(template, dataDir, { recursive: true, force: true, filter: (source) => source !== join(template, VERSION_FILE) });
    cpSync(join(template, VERSION_FILE), join(dataDir, VERSION_FILE));
    return true;
  } catch {
    // Unreadable (built by another user, say): leave DATA_DIR as it was, for initdb.
    for (const entry of readdirSync(dataDir)) if (!before.has(entry)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    return false;
  }
}

/** Builds the template for the current migrations if missing, and removes older ones; returns its path. */
export async function buildTemplate(cacheDir = TEMPLATE_CACHE_DIR, migrationsDir = MIGRATIONS_DIR): Promise<string> {
  const target = await templatePath(cacheDir, migrationsDir);
  if (!isInitialized(target)) await build(target, migrationsDir);
  for (const entry of readdirSync(cacheDir)) {
    if (TEMPLATE_NAME.test(entry) && join(cacheDir, entry) !== target) rmSync(join(cacheDir, entry), { recursive: true, force: true });
  }
  return target;
}

async function build(target: string, migrationsDir: string): Promise<void> {
  const building = `${target}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const db = databaseFromPglite(await openPglite(building));
  try {
    await migrate(db, undefined, migrationsDir);
  } finally {
    await db.close();
  }
  try {
    renameSync(building, target);
  } catch (error) {
    // Another install built the same template meanwhile: keep theirs.
    rmSync(building, { recursive: true, force: true });
    if (!isInitialized(target)) throw error;
  }
}
