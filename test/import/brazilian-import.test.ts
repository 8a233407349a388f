// Brazilian spreadsheets through the whole import (importCsv and the ingest pipeline) on a real
// database: thousands dots, a money column's own convention, DD/MM/AAAA dates and Windows-1252
// files — and, above all, that nothing is ever half-read or read as a number it might not be.
import { expect, it } from 'vitest';
import { importCsv, importRecords, type CsvSource, type ImportOptions } from '../../src/domain/import/import-records.js';
import type { ImportKind } from '../../src/domain/import/rows.js';
import type { Problem } from '../../src/domain/import/problem.js';
import { DEFAULT_REQUIRED_DOCUMENTS } from '../../src/lib/documents.js';
import { fromDbDate } from '../../src/lib/time/calendar.js';
import { inEnglish, worded, rejection } from '../support/import-words.js';
import { describeEachDatabase } from '../support/test-database.js';

const OPTIONS: ImportOptions = { actor: 'import', now: new Date('2026-11-24T12:00:00Z'), today: '2026-11-24', requiredDocuments: DEFAULT_REQUIRED_DOCUMENTS };

const crlf = (...rows: string[]) => `${rows.join('\r\n')}\r\n`;
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const utf8 = (text: string) => Buffer.from(text, 'utf8');


describeEachDatabase('import: Brazilian numbers, dates and encodings', (ctx) => {
  /** A file that can be read again from the start, as the CLI's is. */
  const reopenable = (chunks: readonly (string | Buffer)[]) => {
    let reads = 0;
    const source: CsvSource = () => {
      reads++;
      return chunks;
    };
    return { source, reads: () => reads };
  };
  const csv = (kind: ImportKind, source: CsvSource) => importCsv(ctx, kind, source, OPTIONS);
  const orders = () => ctx.db.prisma.order.findMany({ orderBy: { number: 'asc' } });
  const totals = async () => (await orders()).map((o) => [o.number, o.total.toFixed(2)]);

  it('whole numbers: a dot followed by three digits groups thousands; anything else is refused, never rounded', async () => {
    await csv('products', [crlf('sku;name;stock;min_stock;reorder_qty', 'CAFE-500;Café 500 g;1.000;12.345.678;2.500')]);
    expect(await ctx.db.prisma.product.findUniqueOrThrow({ where: { skuKey: 'cafe-500' } })).toMatchObject({ stock: 1000, minStock: 12345678, reorderQty: 2500 });

    const error = await rejection(csv('products', [crlf('sku,name,stock,min_stock', 'A,a,1.5,1', 'B,b,"1,5",1.0000', 'C,c,1.50,1')]));
    expect(error.errors.map((e) => `${e.position} ${e.field}`)).toEqual(['2 stock', '3 stock', '3 min_stock', '4 stock']);
    expect(error.errors.map((e) => inEnglish(e.problem)).every((message) => message === 'must be a whole number like 1500 or 1.500 (a dot groups thousands; no decimals)')).toBe(true);
  });

  it('money in a ;-delimited file: dots always group thousands', async () => {
    await csv('orders', [crlf('number;customer;total;due_date;status', 'P-1;A;1.234;31/12/2026;pending', 'P-2;B;R$ 1.234,56;2026-12-31;pending', 'P-3;C;1234.56;01/01/2027;pending')]);
    expect(await totals()).toEqual([['P-1', '1234.00'], ['P-2', '1234.56'], ['P-3', '1234.56']]);
    expect((await orders()).map((o) => fromDbDate(o.dueDate))).toEqual(['2026-12-31', '2026-12-31', '2027-01-01']);
  });

  it('money in a comma-delimited file with no decimal comma in the column: 1.234 is refused naming both readings', async () => {
    const error = await rejection(csv('orders', [crlf('number,customer,total,due_date,status', 'P-1,A,1.234,2026-12-31,pending', 'P-2,B,1234.56,2026-12-31,pending')]));
    expect(error.errors.map(worded)).toEqual([
      {
        position: 2,
        field: 'total',
        message:
          '1.234 could be 1234 or 1.234 (a dot may group thousands or mark decimals): write 1.234,00 for 1234 or 1,234 for 1.234; ' +
          'a decimal comma anywhere in this column settles it for the whole column',
      },
    ]);
    expect(await ctx.db.prisma.order.count()).toBe(0);
  });

  it('a decimal comma earlier in the column settles a later 1.234 as thousands, in one reading', async () => {
    const file = reopenable([crlf('number,customer,total,due_date,status', 'P-1,A,"1,50",2026-12-31,pending', 'P-2,B,1.234,2026-12-31,pending')]);
    await csv('orders', file.source);
    expect(await totals()).toEqual([['P-1', '1.50'], ['P-2', '1234.00']]);
    expect(file.reads()).toBe(1);
  });

  it('a decimal comma later in the column: the file is read again with the column settled, and nothing was written in between', async () => {
    const rows = ['number,customer,total,due_date,status', 'P-1,A,1.234,2026-12-31,pending'];
    // More than a batch between: the decimal comma comes long after the refusal.
    for (let i = 0; i < 2_100; i++) rows.push(`Q-${i},Q,10,2026-12-31,pending`);
    rows.push('P-2,B,"1.234,56",2026-12-31,pending', 'P-3,C,2.000,2026-12-31,pending');
    const file = reopenable([crlf(...rows)]);
    expect(await csv('orders', file.source)).toMatchObject({ created: 2_103 });
    expect(file.reads()).toBe(2);
    const byNumber = new Map(await totals().then((t) => t.map(([n, v]) => [n, v])));
    expect([byNumber.get('P-1'), byNumber.get('P-2'), byNumber.get('P-3')]).toEqual(['1234.00', '1234.56', '2000.00']);
  });

  it('the same file given only once (not reopenable) is refused rather than guessed', async () => {
    const error = await rejection(csv('orders', [crlf('number,customer,total,due_date,status', 'P-1,A,1.234,2026-12-31,pending', 'P-2,B,"1,50",2026-12-31,pending')]));
    expect(error.errors.map((e) => [e.position, e.field])).toEqual([[2, 'total']]);
    expect(await ctx.db.prisma.order.count()).toBe(0);
  });

  it('dates: DD/MM/AAAA and ISO; month-first and impossible dates are refused', async () => {
    await csv('employees', [crlf('code,name,start_date', 'EMP-1,Ana,05/01/2027', 'EMP-2,Bia,2027-01-05')]);
    const starts = await ctx.db.prisma.employee.findMany({ orderBy: { id: 'asc' }, select: { startDate: true } });
    expect(starts.map((e) => fromDbDate(e.startDate))).toEqual(['2027-01-05', '2027-01-05']);

    const error = await rejection(csv('employees', [crlf('code,name,start_date', 'EMP-3,Caio,12/31/2026', 'EMP-4,Davi,31/02/2026')]));
    expect(error.errors.map(worded)).toEqual([
      { position: 2, field: 'start_date', message: 'month 31 does not exist: dates are DD/MM/AAAA' },
      { position: 3, field: 'start_date', message: 'must be a real calendar date (that day does not exist)' },
    ]);
  });

  it('a Windows-1252 file (Excel pt-BR "CSV") is read as such, and the summary says so', async () => {
    const file = latin1(crlf('code;name;start_date', 'EMP-1;Jo\xe3o Concei\xe7\xe3o;31/12/2026'));
    expect(await csv('employees', [file])).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: 0, encoding: 'windows-1252' });
    expect((await ctx.db.prisma.employee.findUniqueOrThrow({ where: { codeKey: 'emp-1' } })).name).toBe('João Conceição');
  });

  it('an invalid byte after UTF-8 accents: read again from the start as Windows-1252, never half and half', async () => {
    const rows = ['code,name,start_date', 'EMP-0,Zé,2026-12-31'];
    // More than a batch before the invalid byte: a batch is written, then rolled back.
    for (let i = 1; i <= 2_100; i++) rows.push(`EMP-${i},Ana,2026-12-31`);
    const head = utf8(crlf(...rows));
    const tail = latin1(crlf('EMP-X,Jo\xe3o,2026-12-31'));
    const file = reopenable([head, tail]);
    const reasons: Problem[] = [];
    expect(await importCsv(ctx, 'employees', file.source, { ...OPTIONS, onReadAgain: (reason) => reasons.push(reason) })).toMatchObject({
      created: 2_102,
      encoding: 'windows-1252',
    });
    expect(file.reads()).toBe(2);
    expect(reasons).toEqual([{ key: 'import.readAgain.encoding' }]);
    const names = async (...keys: string[]) =>
      (await ctx.db.prisma.employee.findMany({ where: { codeKey: { in: keys } }, orderBy: { id: 'asc' } })).map((e) => e.name);
    // The file as a whole is Windows-1252: its one UTF-8-looking name is read that way too.
    expect(await names('emp-0', 'emp-x')).toEqual(['ZÃ©', 'João']);
  });

  it('given only once, such a file is refused at the line of the invalid byte, and nothing is written', async () => {
    const head = utf8(crlf('code,name,start_date', 'EMP-0,Zé,2026-12-31', 'EMP-1,Ana,2026-12-31'));
    const error = await rejection(csv('employees', [head, latin1(crlf('EMP-X,Jo\xe3o,2026-12-31'))]));
    expect(error.errors.map(worded)).toEqual([
      { position: 4, field: '', message: 'the file is not valid UTF-8 text from this line on, but earlier lines are (save it again as "CSV UTF-8")' },
    ]);
    expect(await ctx.db.prisma.employee.count()).toBe(0);
  });

  it('the ingest API: JSON numbers as they are; strings by the same rules, with no file to settle 1.234', async () => {
    const base = { customer: 'A', status: 'pending' };
    await importRecords(ctx, 'orders', [
      { ...base, number: 'P-1', total: 1.5, due_date: '31/12/2026' },
      { ...base, number: 'P-2', total: 'R$ 1.234,56', due_date: '2026-12-31' },
      { ...base, number: 'P-3', total: '12.345.678', due_date: '2026-12-31' },
    ], OPTIONS);
    expect(await totals()).toEqual([['P-1', '1.50'], ['P-2', '1234.56'], ['P-3', '12345678.00']]);

    const error = await rejection(importRecords(ctx, 'orders', [{ ...base, number: 'P-4', total: '1.500', due_date: '12/31/2026' }], OPTIONS));
    expect(error.errors.map(worded)).toEqual([
      { position: 1, field: 'total', message: '1.500 could be 1500 or 1.5 (a dot may group thousands or mark decimals): write 1.500,00 for 1500 or 1,50 for 1.5' },
      { position: 1, field: 'due_date', message: 'month 31 does not exist: dates are DD/MM/AAAA' },
    ]);
    await importRecords(ctx, 'products', [{ sku: 'S-1', name: 'x', stock: '1.000', min_stock: 5 }], OPTIONS);
    expect((await ctx.db.prisma.product.findUniqueOrThrow({ where: { skuKey: 's-1' } })).stock).toBe(1000);
  });
});
