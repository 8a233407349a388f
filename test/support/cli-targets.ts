// A fresh, unmigrated database for the command-line tools to work on, as an operator has it on
// day one: an empty DATA_DIR (embedded PGlite) or, with TEST_DATABASE_URL, an empty server
// database named by DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { runCommand, type CliIo } from '../../src/cli/run-cli.js';
import { environmentWithDotenv, parseConfig } from '../../src/config.js';
import { databaseFromPglite, databaseFromUrl, openPglite, type Database } from '../../src/db/database.js';
import type { Finished } from './child-process.js';
import { withDatabaseName } from './database-names.js';
import { dropDatabase, recreateDatabase } from './global-setup.js';
import { SERVER_SKIP_REASON, SERVER_URL, type TestDatabaseKind } from './test-database.js';

export interface CliTarget {
  readonly kind: TestDatabaseKind;
  /** a temporary directory: the child's working directory (no .env), for input files */
  readonly work: string;
  /** DATA_DIR (embedded) or the embedded path that must stay unused (server) */
  readonly dataDir: string;
  /** the variables that point a child process at this database */
  readonly env: Record<string, string>;
  /** Opens the database in this process, to check what a child wrote; the child must have exited. */
  open(): Promise<Database>;
}

async function createTarget(kind: TestDatabaseKind): Promise<CliTarget & { dispose(): Promise<void> }> {
  const work = mkdtempSync(join(tmpdir(), 'retaguarda-cli-'));
  const dataDir = join(work, 'data');
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  if (kind === 'pglite') {
    return {
      kind,
      work,
      dataDir,
      env: { DATA_DIR: dataDir },
      open: async () => databaseFromPglite(await openPglite(dataDir)),
      dispose: async () => removeWork(),
    };
  }
  if (!SERVER_URL) throw new Error(SERVER_SKIP_REASON);
  const serverUrl = SERVER_URL;
  const name = `retaguarda_cli_${randomBytes(6).toString('hex')}`;
  await recreateDatabase(serverUrl, name); // empty: the tools must migrate it themselves
  const url = withDatabaseName(serverUrl, name);
  return {
    kind,
    work,
    dataDir,
    env: { DATABASE_URL: url, DATA_DIR: dataDir },
    open: async () => databaseFromUrl(url, { poolSize: 1 }),
    async dispose() {
      await dropDatabase(serverUrl, name);
      removeWork();
    },
  };
}

/** Runs the suite against an embedded DATA_DIR and, when TEST_DATABASE_URL is set, a server database. */
export function describeEachCliTarget(title: string, suite: (target: () => CliTarget) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    const unavailable = kind === 'postgres' && !SERVER_URL;
    const name = unavailable ? `${title} [postgres — skipped: ${SERVER_SKIP_REASON}]` : `${title} [${kind}]`;
    describe.skipIf(unavailable)(name, () => {
      let current: Awaited<ReturnType<typeof createTarget>> | undefined;
      beforeAll(async () => {
        current = await createTarget(kind);
      });
      afterAll(async () => {
        await current?.dispose();
      });
      suite(() => {
        if (!current) throw new Error('CLI target not ready');
        return current;
      });
    });
  }
}

/** Opens the target's database, runs `fn`, closes it. */
export async function inspect<T>(target: CliTarget, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await target.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * Runs a command in this process with `env` as its whole environment (plus `.env` in `cwd`, as a
 * child would read it), capturing what it prints: the same code path as the spawned entry point,
 * without paying for a process start. `onStderr` sees each chunk as it is written.
 */
export async function runInProcess(
  command: string,
  main: (io: CliIo) => Promise<number>,
  env: Record<string, string>,
  cwd: string,
  onStderr?: (text: string) => void,
): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    // English unless `env` chooses, as cleanEnv does for child processes
    config: () => parseConfig(environmentWithDotenv({ BOT_LOCALE: 'en', ...env }, cwd)),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
      onStderr?.(text);
    },
  };
  const code = await runCommand(command, main, io);
  return { code, stdout, stderr };
}
