// The server pool's sessions: no parallel workers (the watchers' large statements got plans that
// copied their work into every worker), and options given in DATABASE_URL still apply.
import { afterEach, expect, it } from 'vitest';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import { describeOnServer, SERVER_URL } from '../support/test-database.js';

describeOnServer('server pool sessions', () => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });
  const settings = `SELECT current_setting('max_parallel_workers_per_gather') AS workers, current_setting('work_mem') AS work_mem`;

  it('run without parallel workers, through every path: a query, a session, a transaction, Prisma', async () => {
    db = databaseFromUrl(SERVER_URL!);
    const open = db;
    const seen = [
      await open.query<{ workers: string }>(settings),
      await open.withSession((s) => s.query<{ workers: string }>(settings)),
      await open.transaction((s) => s.query<{ workers: string }>(settings)),
      await open.prisma.$queryRawUnsafe<{ workers: string }[]>(settings),
    ].map((rows) => rows[0]!.workers);
    expect(seen).toEqual(['0', '0', '0', '0']);
  });

  it('keep the options DATABASE_URL gives', async () => {
    const url = new URL(SERVER_URL!);
    url.searchParams.set('options', '-c work_mem=7MB');
    db = databaseFromUrl(url.toString());
    expect(await db.query(settings)).toEqual([{ workers: '0', work_mem: '7MB' }]);
  });
});
