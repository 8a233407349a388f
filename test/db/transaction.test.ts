// Database.transaction, the driver's own transaction (the import's): all or nothing, on both
// engines, and on PGlite's one connection nobody else's statement lands inside it.
import { expect, it } from 'vitest';
import { databaseFromUrl } from '../../src/db/database.js';
import { describeEachDatabase } from '../support/test-database.js';

describeEachDatabase('Database.transaction', (ctx) => {
  const skus = async () => (await ctx.db.query<{ sku: string }>(`SELECT sku FROM products ORDER BY sku`)).map((r) => r.sku);
  const insert = (sku: string): [string, unknown[]] => [`INSERT INTO products (sku, sku_key, name, stock, min_stock) VALUES ($1, lower($1), 'x', 1, 0)`, [sku]];

  it('commits what fn wrote when it returns, and gives back its result', async () => {
    const result = await ctx.db.transaction(async (tx) => {
      await tx.query(...insert('A-1'));
      await tx.query(...insert('A-2'));
      return (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM products`))[0]!.n;
    });
    expect(result).toBe(2);
    expect(await skus()).toEqual(['A-1', 'A-2']);
  });

  it('rolls everything back when fn throws, and the error comes through', async () => {
    const failure = ctx.db.transaction(async (tx) => {
      await tx.query(...insert('B-1'));
      throw new Error('row 2 is invalid');
    });
    await expect(failure).rejects.toThrow('row 2 is invalid');
    // a failing statement too: PostgreSQL's own error, nothing kept
    await expect(ctx.db.transaction(async (tx) => {
      await tx.query(...insert('B-2'));
      await tx.query(...insert('B-2'));
    })).rejects.toThrow(/duplicate key/);
    expect(await skus()).toEqual([]);
    // and the connection is usable afterwards
    await ctx.db.transaction((tx) => tx.query(...insert('B-3')));
    expect(await skus()).toEqual(['B-3']);
    if (ctx.kind === 'postgres') {
      // the connection went back to the pool: with a pool of one, a leaked one would hang here
      const one = databaseFromUrl(ctx.url!, { poolSize: 1 });
      try {
        await expect(one.transaction(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
        expect(await one.transaction((tx) => tx.query<{ n: number }>('SELECT 1 AS n'))).toEqual([{ n: 1 }]);
      } finally {
        await one.close();
      }
    }
  });

  it('is not seen by others until it commits', async () => {
    let seenInside: string[] | undefined;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writing = ctx.db.transaction(async (tx) => {
      await tx.query(...insert('C-1'));
      await gate;
    });
    // On PGlite this read waits for the transaction (one connection); on a server it runs beside it.
    const reading = skus().then((list) => (seenInside = list));
    if (ctx.kind === 'postgres') {
      await reading;
      expect(seenInside).toEqual([]);
    }
    release();
    await writing;
    await reading;
    if (ctx.kind === 'pglite') expect(seenInside).toEqual(['C-1']);
    expect(await skus()).toEqual(['C-1']);
  });
});

describeEachDatabase('SqlSession.query with a name (a prepared statement on a server)', (ctx) => {
  it('gives each run its own parameters, past the runs after which the server plans it once', async () => {
    const sql = `SELECT count(*)::int AS n FROM unnest($1::int[]) AS t(v) WHERE v > $2`;
    const counts = await ctx.db.transaction(async (tx) => {
      const found: number[] = [];
      // PostgreSQL switches a prepared statement to one generic plan after five custom ones.
      for (let run = 0; run < 8; run++) {
        const values = Array.from({ length: run * 3 }, (_, i) => i);
        found.push((await tx.query<{ n: number }>(sql, [`{${values.join(',')}}`, run], 'test-count-above'))[0]!.n);
      }
      return found;
    });
    expect(counts).toEqual([0, 1, 3, 5, 7, 9, 11, 13]);
    if (ctx.kind === 'postgres') {
      // prepared on the connection, and used again in the next transaction on it
      const one = databaseFromUrl(ctx.url!, { poolSize: 1 });
      try {
        const runs = () => one.transaction((tx) => tx.query<{ n: number }>(sql, ['{1,2,3}', 1], 'test-count-above'));
        expect(await runs()).toEqual([{ n: 2 }]);
        expect(await runs()).toEqual([{ n: 2 }]);
        const prepared = await one.withSession((s) => s.query<{ name: string }>(`SELECT name FROM pg_prepared_statements`));
        expect(prepared.map((p) => p.name)).toEqual(['test-count-above']);
      } finally {
        await one.close();
      }
    }
  });
});
