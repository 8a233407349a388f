import type { Config } from '../config.js';
import { acquireDataDirLock, type LockPurpose } from './data-dir-lock.js';
import { databaseFromPglite, databaseFromUrl, openPglite, type Database } from './database.js';
import { seedFromTemplate } from './pglite-template.js';

/**
 * The database the configuration names: a PostgreSQL server, or PGlite in DATA_DIR under a lock —
 * an empty DATA_DIR is first filled from the migrated template when there is one.
 */
export async function openConfiguredDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'port'>, purpose: LockPurpose): Promise<Database> {
  if (config.databaseUrl) return databaseFromUrl(config.databaseUrl);
  const lock = acquireDataDirLock(config.dataDir, purpose, config.port);
  try {
    await seedFromTemplate(config.dataDir);
    const pglite = await openPglite(config.dataDir);
    return databaseFromPglite(pglite, () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}
