// Builds the migrated database templates once per test run, so no test file pays for an initdb
// (PGlite) or for running migrations (PostgreSQL).
import { mkdir, writeFile } from 'node:fs/promises';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseFromPglite, databaseFromUrl, openPglite } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { PGLITE_EMPTY_TEMPLATE_FILE, PGLITE_TEMPLATE_FILE, TMP_DIR, serverTemplateName, withDatabaseName } from './database-names.js';

export default async function setup(project: TestProject) {
  await mkdir(TMP_DIR, { recursive: true });
  const pglite = await openPglite(undefined);
  const embedded = databaseFromPglite(pglite);
  await writeFile(PGLITE_EMPTY_TEMPLATE_FILE, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  await migrate(embedded);
  const dump = await pglite.dumpDataDir('none');
  await writeFile(PGLITE_TEMPLATE_FILE, Buffer.from(await dump.arrayBuffer()));
  await embedded.close();

  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return;
  const template = serverTemplateName();
  project.provide('serverTemplate', template);
  await recreateDatabase(serverUrl, template);
  const db = databaseFromUrl(withDatabaseName(serverUrl, template), { poolSize: 1 });
  await migrate(db);
  await db.close();
  return async () => {
    await dropDatabase(serverUrl, template);
  };
}

export async function recreateDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverTemplate: string;
  }
}
