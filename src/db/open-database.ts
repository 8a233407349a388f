import type { Config } from '../config.js';
import { acquireDataDirLock, type LockPurpose } from './data-dir-lock.js';
import { databaseFromPglite, databaseFromUrl, openPglite, type Database } from './database.js';

/** The database the configuration names: a PostgreSQL server, or PGlite in DATA_DIR under a lock. */
export async function openConfiguredDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'port'>, purpose: LockPurpose): Promise<Database> {
  if (config.databaseUrl) return databaseFromUrl(config.databaseUrl);
  const lock = acquireDataDirLock(config.dataDir, purpose, config.port);
  try {
    const pglite = await openPglite(config.dataDir);
    return databaseFromPglite(pglite, () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}
