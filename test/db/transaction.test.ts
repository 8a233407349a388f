// Database.transaction, the driver's own transaction (the import's): all or nothing, on both
// engines, and on PGlite's one connection nobody else's statement lands inside it.
import { expect, it } from 'vitest';
import { databaseFromUrl, type SqlSession } from '../../src/db/database.js';
import { describeEachDatabase, describeOnServerDatabase } from '../support/test-database.js';

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

const LOCK = 424_242;

describeEachDatabase('Database.transaction with an advisory lock', (ctx) => {
  const heldLocks = (tx: SqlSession) =>
    tx.query<{ granted: boolean }>(`SELECT granted FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND pid = pg_backend_pid()`, [LOCK]);

  it('holds the lock from before fn runs until it ends', async () => {
    expect(await ctx.db.transaction((tx) => heldLocks(tx), { lock: LOCK })).toEqual([{ granted: true }]);
    expect(await ctx.db.transaction((tx) => heldLocks(tx))).toEqual([]);
  });

  it('refuses a lock that is not an integer before anything runs', async () => {
    let ran = false;
    await expect(ctx.db.transaction(async () => (ran = true), { lock: 1.5 })).rejects.toThrow('advisory lock 1.5: not an integer');
    expect(ran).toBe(false);
  });
});

// PGlite runs one transaction at a time anyway.
describeOnServerDatabase('Database.transaction with an advisory lock, between connections', (ctx) => {
  it('makes another transaction with the same lock wait for it', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = ctx.db.transaction(async () => {
      order.push('first');
      await gate;
    }, { lock: LOCK });
    const second = ctx.db.transaction(async () => void order.push('second'), { lock: LOCK });
    // the second waits on the lock, seen from outside; then the first ends
    for (;;) {
      const waiting = await ctx.db.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`, [LOCK]);
      if (waiting.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(order).toEqual(['first']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('gives up a transaction after timeoutMs: the caller gets an error, and the server ends it', async () => {
    const stuck = ctx.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO products (sku, sku_key, name, stock, min_stock) VALUES ('T-1', 't-1', 'x', 1, 0)`);
      await new Promise(() => {}); // a connection that stops answering, as far as the caller can tell
    }, { lock: LOCK, timeoutMs: 100 });
    await expect(stuck).rejects.toThrow('transaction took longer than 100 ms: its connection was closed');
    // its connection was closed, so the server rolled it back and let go of the lock
    expect(await ctx.db.transaction((tx) => tx.query(`SELECT sku FROM products`), { lock: LOCK })).toEqual([]);
  });
});

describeEachDatabase('SqlSession.execute', (ctx) => {
  it('gives the count of rows the statement wrote', async () => {
    const counts = await ctx.db.transaction(async (tx) => [
      await tx.execute(`INSERT INTO products (sku, sku_key, name, stock, min_stock) SELECT 'E-' || g, 'e-' || g, 'x', 1, 0 FROM generate_series(1, 3) g`),
      await tx.execute(`UPDATE products SET stock = 2 WHERE sku = ANY($1::text[])`, [['E-1', 'E-3', 'E-9']]),
      await tx.execute(`DELETE FROM products WHERE sku = $1`, ['E-9']),
    ]);
    expect(counts).toEqual([3, 2, 0]);
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
