// The free-text rule in CSV imports (`npm run import`'s pipeline, importCsv), on a real database:
// every text column refuses a NUL, a bidi override, a zero-width space and an escape character
// with `line N, column NAME: …` naming the character and where it is, keys refuse them too, and a
// file with any such cell writes nothing — not even its good rows.
import { beforeEach, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { formatRowError, importCsv, InvalidImportError, type ImportOptions } from '../../src/domain/import/import-records.js';
import type { ImportKind } from '../../src/domain/import/rows.js';
import { DEFAULT_REQUIRED_DOCUMENTS } from '../../src/lib/documents.js';
import { english } from '../support/import-words.js';
import { describeEachDatabase } from '../support/test-database.js';

const NOW = new Date('2026-11-24T15:00:00Z');
const OPTIONS: ImportOptions = { actor: 'import', now: NOW, today: '2026-11-24', requiredDocuments: DEFAULT_REQUIRED_DOCUMENTS };

/** Each put at character 3 of a cell ("ab…cd"), and what the column message says. */
const BAD = [
  { char: '\u0000', says: 'must not contain control characters (found U+0000 at character 3)' },
  { char: '\u202e', says: 'must not contain text-direction overrides (found U+202E at character 3)' },
  { char: '\u200b', says: 'must not contain invisible characters (found U+200B at character 3)' },
  { char: '\u001b', says: 'must not contain control characters (found U+001B at character 3)' },
] as const;

interface Column {
  kind: ImportKind;
  column: string;
  header: string;
  /** a row with `value` in the column; key number `n` */
  row: (n: number, value: string) => string;
  good: string;
}

const COLUMNS: Column[] = [
  { kind: 'products', column: 'name', header: 'sku,name,stock,min_stock,unit', row: (n, v) => `SKU-${n},${v},5,1,un`, good: 'Caneta azul' },
  { kind: 'products', column: 'unit', header: 'sku,name,stock,min_stock,unit', row: (n, v) => `SKU-${n},Caneta,5,1,${v}`, good: 'cx' },
  { kind: 'orders', column: 'customer', header: 'number,customer,total,due_date,status', row: (n, v) => `PED-${n},${v},10.00,2026-12-01,pending`, good: 'Padaria' },
  { kind: 'employees', column: 'name', header: 'code,name,start_date,role', row: (n, v) => `EMP-${n},${v},2026-12-01,Analista`, good: 'Ana Souza' },
  { kind: 'employees', column: 'role', header: 'code,name,start_date,role', row: (n, v) => `EMP-${n},Ana,2026-12-01,${v}`, good: 'Analista' },
];

/** All imported data, to prove that a refused file wrote nothing. */
async function contents(db: Database): Promise<string> {
  const [products, movements, orders, employees, documents] = await Promise.all([
    db.prisma.product.findMany({ orderBy: { id: 'asc' } }),
    db.prisma.stockMovement.findMany({ orderBy: { id: 'asc' } }),
    db.prisma.order.findMany({ orderBy: { id: 'asc' } }),
    db.prisma.employee.findMany({ orderBy: { id: 'asc' } }),
    db.prisma.admissionDocument.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify({ products, movements, orders, employees, documents });
}

async function refusal(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidImportError);
  const invalid = error as InvalidImportError;
  return invalid.errors.map((e) => formatRowError(english, e, invalid.unit));
}

describeEachDatabase('free text in CSV imports', (ctx) => {
  const csv = (kind: ImportKind, lines: string[]) => importCsv(ctx, kind, [`${lines.join('\n')}\n`], OPTIONS);

  beforeEach(async () => {
    for (const c of COLUMNS) await csv(c.kind, [c.header, c.row(0, c.good)]);
  });

  it.each(COLUMNS.map((c) => [`${c.kind}.${c.column}`, c] as const))('%s: refuses each hidden character, naming line, column and character; writes nothing', async (_name, c) => {
    const before = await contents(ctx.db);
    // A good change to the existing row first: refused with the rest.
    const file = [c.header, c.row(0, `${c.good} 2`), ...BAD.map((bad, i) => c.row(i + 1, `ab${bad.char}cd`))];
    expect(await refusal(csv(c.kind, file))).toEqual(BAD.map((bad, i) => `line ${i + 3}, column ${c.column}: ${bad.says}`));
    expect(await contents(ctx.db)).toBe(before);
  });

  it('refuses hidden characters in keys as well', async () => {
    const before = await contents(ctx.db);
    const file = ['sku,name,stock,min_stock', ...BAD.map((bad, i) => `SKU${bad.char}-${i},Caneta,1,1`)];
    expect(await refusal(csv('products', file))).toEqual(
      BAD.map((_bad, i) => `line ${i + 2}, column sku: must not contain spaces or invisible characters (a SKU is a single word)`),
    );
    expect(await contents(ctx.db)).toBe(before);
  });

  it('takes accents and emoji, a leading BOM of the file, and stores NFC', async () => {
    const summary = await csv('products', ['\ufeffsku,name,stock,min_stock', 'SKU-9,"Jose\u0301 ☕ 👩‍💻 ""especial""",1,1']);
    expect(summary).toMatchObject({ created: 1 });
    expect((await ctx.db.prisma.product.findUniqueOrThrow({ where: { skuKey: 'sku-9' } })).name).toBe('José ☕ 👩‍💻 "especial"');
  });
});
