// A fresh PostgreSQL database per script run, migrated the way the bot migrates, dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseFromUrl } from '../../../src/db/database.js';
import { migrate } from '../../../src/db/migrate.js';
import { withDatabaseName } from '../../../test/support/database-names.js';
import { dropDatabase, recreateDatabase } from '../../../test/support/global-setup.js';
import { FAULTS_DATABASE_URL } from './settings.js';

export interface FaultsDatabase {
  name: string;
  url: string;
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export async function createFaultsDatabase(script: string): Promise<FaultsDatabase> {
  const name = `retaguarda_faults_${script.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await recreateDatabase(FAULTS_DATABASE_URL, name);
  const url = withDatabaseName(FAULTS_DATABASE_URL, name);
  const migrated = databaseFromUrl(url, { poolSize: 1 });
  try {
    await migrate(migrated);
  } finally {
    await migrated.close();
  }
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  // The scripts cut the network under the bot, never under this pool; still, an idle client's
  // error must not end the script.
  pool.on('error', () => {});
  let dropped = false;
  return {
    name,
    url,
    async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as R[];
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await pool.end();
      await dropDatabase(FAULTS_DATABASE_URL, name);
    },
  };
}
