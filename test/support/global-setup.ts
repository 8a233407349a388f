// Builds the database templates before the test files run, so none pays for an initdb (PGlite) or
// for running migrations (PostgreSQL).
import { cpSync, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseFromUrl, openPglite } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { buildTemplate } from '../../src/db/pglite-template.js';
import { PGLITE_EMPTY_TEMPLATE_FILE, PGLITE_TEMPLATE_FILE, TMP_DIR, serverTemplateName, withDatabaseName } from './database-names.js';

/** Which template the dumps were made from. */
const DUMPED_FROM = join(TMP_DIR, 'pglite-template.source');

// What initdb leaves in public (checked against a fresh initdb's catalog): the migrated template
// without its schema is the database no migration ran on, without a second initdb (~6 s, ~1 GB).
const EMPTY_PUBLIC_SCHEMA = `DROP SCHEMA public CASCADE;
  CREATE SCHEMA public AUTHORIZATION pg_database_owner;
  GRANT USAGE ON SCHEMA public TO PUBLIC;
  COMMENT ON SCHEMA public IS 'standard public schema'`;

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const template = serverTemplateName();
  if (serverUrl) project.provide('serverTemplate', template);
  // The server migrates in its own process meanwhile.
  await Promise.all([writePgliteTemplates(), serverUrl ? migrateServerTemplate(serverUrl, template) : undefined]);
  if (!serverUrl) return;
  return async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      // With the template go the databases workers kept from file to file, named after it (test-database.ts).
      const kept = await admin.query<{ name: string }>('SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1)', [`${template}_`]);
      for (const { name } of kept.rows) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
}

async function writePgliteTemplates(): Promise<void> {
  await mkdir(TMP_DIR, { recursive: true });
  // The template `npm install` built (built now if migrations changed since). Its path names
  // PGlite's version and the migrations: while it stays the same, the last run's dumps do.
  const source = await buildTemplate();
  const dumped = existsSync(PGLITE_TEMPLATE_FILE) && existsSync(PGLITE_EMPTY_TEMPLATE_FILE) && (await readFile(DUMPED_FROM, 'utf8').catch(() => '')) === source;
  if (dumped) return;
  const copy = await mkdtemp(join(tmpdir(), 'retaguarda-test-template-'));
  try {
    cpSync(source, copy, { recursive: true }); // fs/promises' cp takes 4× as long
    const pglite = await openPglite(copy);
    await writeDump(pglite, PGLITE_TEMPLATE_FILE);
    await pglite.exec(EMPTY_PUBLIC_SCHEMA);
    await writeDump(pglite, PGLITE_EMPTY_TEMPLATE_FILE);
    await pglite.close();
    await writeFile(DUMPED_FROM, source);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

async function migrateServerTemplate(serverUrl: string, template: string): Promise<void> {
  await recreateDatabase(serverUrl, template);
  const db = databaseFromUrl(withDatabaseName(serverUrl, template), { poolSize: 1 });
  await migrate(db);
  await db.close();
}

/** Written aside and renamed: another test run in this tree never reads half a file. */
async function writeDump(pglite: PGlite, file: string): Promise<void> {
  const aside = `${file}.${process.pid}`;
  await writeFile(aside, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  await rename(aside, file);
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
