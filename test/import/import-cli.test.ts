// `npm run import` as an operator runs it: its exit code and exactly what it prints. The command
// runs in this process (runInProcess: the entry point's code path with its own environment); one
// test spawns the real entry point (`node --import tsx`, as the npm script does) to send it Ctrl-C.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/cli/run-import.js';
import { isInitialized, templatePath } from '../../src/db/pglite-template.js';
import { CHILD_WITH_DATABASE_TIMEOUT_MS, spawnScript } from '../support/child-process.js';
import { describeEachCliTarget, inspect, runInProcess, type CliTarget } from '../support/cli-targets.js';

const SCRIPT = 'src/cli/import.ts';
const USAGE = 'usage: npm run import -- <products|orders|employees> <file.csv>';
const NO_STACK = /\n\s+at /;

const importCli = (args: string[], env: Record<string, string>, cwd: string) => runInProcess('import', (io) => runImport(args, io), env, cwd);
const stderrLines = (stderr: string) => stderr.trimEnd().split('\n');

describe('npm run import: usage, configuration and connection errors', () => {
  const work = mkdtempSync(join(tmpdir(), 'retaguarda-import-usage-'));
  const dataDir = join(work, 'data');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('refuses a missing or unknown type, a missing file and a directory', async () => {
    const missingFile = join(work, 'estoque.csv');
    const [noArgs, unknownType, noFile, directory] = await Promise.all([
      importCli([], { DATA_DIR: dataDir }, work),
      importCli(['clients', missingFile], { DATA_DIR: dataDir }, work),
      importCli(['products', missingFile], { DATA_DIR: dataDir }, work),
      importCli(['products', work], { DATA_DIR: dataDir }, work),
    ]);
    expect(noArgs.code).toBe(2);
    expect(stderrLines(noArgs.stderr)).toEqual(['missing the type of data: one of products, orders, employees', USAGE]);
    expect(unknownType.code).toBe(2);
    expect(stderrLines(unknownType.stderr)).toEqual(['unknown type "clients": expected one of products, orders, employees', USAGE]);
    expect(noFile.code).toBe(2);
    expect(stderrLines(noFile.stderr)).toEqual([`cannot read ${missingFile}: no such file`]);
    expect(directory.code).toBe(2);
    expect(stderrLines(directory.stderr)).toEqual([`${work} is a directory, not a CSV file`]);
    for (const run of [noArgs, unknownType, noFile, directory]) expect(run.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('says it in the bot\'s language (pt-BR by default), and names extra arguments', async () => {
    const pt = { DATA_DIR: dataDir, BOT_LOCALE: 'pt-BR' };
    const [noArgs, extra, directory] = await Promise.all([
      importCli([], pt, work),
      importCli(['products', 'a.csv', 'b.csv', 'c.csv'], pt, work),
      importCli(['products', work], pt, work),
    ]);
    const usage = 'uso: npm run import -- <products|orders|employees> <arquivo.csv>';
    expect(stderrLines(noArgs.stderr)).toEqual(['falta o tipo de dado: um de products, orders, employees', usage]);
    expect(extra.code).toBe(2);
    expect(stderrLines(extra.stderr)).toEqual(['argumentos inesperados: b.csv c.csv', usage]);
    expect(stderrLines(directory.stderr)).toEqual([`${work} é uma pasta, não um arquivo CSV`]);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a bad variable with one line naming it', async () => {
    const file = join(work, 'produtos.csv');
    writeFileSync(file, 'sku,name,stock,min_stock\nSKU-1,Arroz,1,1\n');
    const run = await importCli(['products', file], { DATA_DIR: dataDir, BOT_TIMEZONE: 'Mars/Olympus' }, work);
    expect(run.code).toBe(2);
    expect(stderrLines(run.stderr)).toEqual(['BOT_TIMEZONE must be an IANA time zone like America/Sao_Paulo (got "Mars/Olympus")']);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('reports an unreachable database in one line with exit code 3', async () => {
    const file = join(work, 'produtos.csv');
    writeFileSync(file, 'sku,name,stock,min_stock\nSKU-1,Arroz,1,1\n');
    // Port 1 on the loopback interface: nothing listens there, the connection is refused at once.
    const run = await importCli(['products', file], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/retaguarda' }, work);
    expect(run.code).toBe(3);
    expect(stderrLines(run.stderr)).toEqual(['import failed: connect ECONNREFUSED 127.0.0.1:1']);
    const pt = await importCli(['products', file], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/retaguarda', BOT_LOCALE: 'pt-BR' }, work);
    expect(stderrLines(pt.stderr)).toEqual(['import falhou: connect ECONNREFUSED 127.0.0.1:1']);
  });

  it('refuses while the bot holds DATA_DIR, points to the ingest API, and leaves the lock alone', async () => {
    // The bot: another live process (this one's parent); a lock of this very process would be its own to take.
    mkdirSync(dataDir, { recursive: true });
    const lockFile = join(dataDir, 'retaguarda.lock');
    const held = JSON.stringify({ pid: process.ppid, purpose: 'bot', port: 3210, since: new Date().toISOString() });
    writeFileSync(lockFile, held);
    try {
      const file = join(work, 'produtos.csv');
      writeFileSync(file, 'sku,name,stock,min_stock\nSKU-1,Arroz,1,1\n');
      const run = await importCli(['products', file], { DATA_DIR: dataDir }, work);
      expect(run.code).toBe(2);
      expect(stderrLines(run.stderr)).toEqual([
        `The embedded database in ${dataDir} is in use by the running bot (pid ${process.ppid}). ` +
          'Stop the bot first, or send the data to its ingest API instead: ' +
          'POST http://localhost:3210/api/v1/products|orders|employees with INGEST_API_TOKEN (see README).',
      ]);
      expect(readFileSync(lockFile, 'utf8')).toBe(held);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describeEachCliTarget('npm run import', (target) => {
  const write = (t: CliTarget, name: string, content: string) => {
    const file = join(t.work, name);
    writeFileSync(file, content);
    return file;
  };

  it('migrates a fresh database and imports a BOM, semicolon, decimal-comma file (exit 0)', async () => {
    const t = target();
    const file = write(
      t,
      'pedidos.csv',
      '\ufeffnumber;customer;total;due_date;status;vendedor\r\n' +
        'PED-1001;Mercadinho São Jorge;1.234,56;2026-11-01;pending;Carla\r\n' +
        'PED-1002;"Padaria Pão; Café";99,9;2026-11-05;paid;\r\n',
    );
    const run = await importCli(['orders', file], t.env, t.work);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^orders: 2 created, 0 updated, 0 unchanged, 0 skipped \(2 rows in \d+\.\d s\)\n$/);
    // A fresh PGlite DATA_DIR is a copy of the migrated template when `npm install` built one.
    const seeded = t.kind === 'pglite' && isInitialized(await templatePath());
    if (seeded) expect(run.stderr).not.toMatch(/migration/);
    else expect(run.stderr).toMatch(/^applied \d+ migrations? to the database first$/m);
    expect(run.stderr.match(/unknown column/g)).toHaveLength(1);
    expect(run.stderr).toContain('warning: unknown column ignored: vendedor\n');

    const orders = await inspect(t, (db) => db.prisma.order.findMany({ orderBy: { id: 'asc' } }));
    expect(orders.map((o) => [o.number, o.customer, o.total.toFixed(2), o.status])).toEqual([
      ['PED-1001', 'Mercadinho São Jorge', '1234.56', 'pending'],
      ['PED-1002', 'Padaria Pão; Café', '99.90', 'paid'],
    ]);
    if (t.kind === 'postgres') expect(existsSync(t.dataDir)).toBe(false);
  }, CHILD_WITH_DATABASE_TIMEOUT_MS);

  it('imports an Excel pt-BR file: Windows-1252, DD/MM/AAAA dates, a money column settled by a later decimal comma (exit 0)', async () => {
    const t = target();
    const file = join(t.work, 'pedidos-excel.csv');
    // Comma-delimited: `1.234` on line 2 reads two ways until the decimal comma on line 3 settles the
    // column, so the file is read a second time from disk.
    writeFileSync(
      file,
      Buffer.from(
        'number,customer,total,due_date,status\r\n' +
          'PED-1,Mercadinho Concei\xe7\xe3o,1.234,31/12/2026,pending\r\n' +
          'PED-2,Jo\xe3o & Filhos,"1,50",01/02/2027,pending\r\n',
        'latin1',
      ),
    );
    const run = await importCli(['orders', file], t.env, t.work);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^orders: 2 created, 0 updated, 0 unchanged, 0 skipped \(2 rows in \d+\.\d s; the file is not UTF-8 and was read as Windows-1252\)\n$/);
    // Each new reading from the start is said, with its reason (progress counts start over).
    const readAgain = stderrLines(run.stderr).filter((line) => line.includes('again from the start'));
    // (Invalid UTF-8 in the first chunk is read as Windows-1252 from the start: no second reading for it.)
    expect(readAgain).toEqual(['a decimal comma in total settled how its amounts read: reading the file again from the start']);
    const orders = await inspect(t, (db) => db.prisma.order.findMany({ where: { number: { in: ['PED-1', 'PED-2'] } }, orderBy: { number: 'asc' } }));
    expect(orders.map((o) => [o.customer, o.total.toFixed(2), o.dueDate.toISOString().slice(0, 10)])).toEqual([
      ['Mercadinho Conceição', '1234.00', '2026-12-31'],
      ['João & Filhos', '1.50', '2027-02-01'],
    ]);
  }, CHILD_WITH_DATABASE_TIMEOUT_MS);

  it('prints every bad line and writes nothing (exit 1)', async () => {
    const t = target();
    const file = write(
      t,
      'produtos.csv',
      'sku,name,stock,min_stock\n' +
        'SKU-1,Arroz tipo 1,10,5\n' +
        'SKU-2,Feijão,dez,5\n' +
        'SKU-3,"Óleo\nde soja",-1,x\n' + // lines 4–5: a bad value and a line break in a name
        'SKU-4,Sal,1,1,sobra\n' +
        'sku-1,Arroz,1,1\n',
    );
    const run = await importCli(['products', file], t.env, t.work);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(stderrLines(run.stderr)).toEqual([
      'line 3, column stock: must be a whole number like 1500 or 1.500 (a dot groups thousands; no decimals)',
      'line 4, column name: must not contain control characters such as line breaks or tabs',
      'line 4, column stock: must be 0 or more',
      'line 4, column min_stock: must be a whole number like 1500 or 1.500 (a dot groups thousands; no decimals)',
      'line 6: has 1 more field(s) than the header',
      'line 7, column sku: duplicate sku sku-1, first seen on line 2',
      'nothing was written: 6 errors on 4 lines',
    ]);
    expect(await inspect(t, (db) => db.prisma.product.count())).toBe(0);
  }, CHILD_WITH_DATABASE_TIMEOUT_MS);

  it('speaks BOT_LOCALE: pt-BR lines, warning, summary and encoding note', async () => {
    const t = target();
    const env = { ...t.env, BOT_LOCALE: 'pt-BR' };
    const orders = join(t.work, 'pedidos-ptbr.csv');
    writeFileSync(
      orders,
      Buffer.from(
        'number,customer,total,due_date,status,vendedor,\r\n' +
          'PED-1,Mercadinho Concei\xe7\xe3o,1.234,12/31/2026,pending,Carla,\r\n' +
          'PED-2,Jo\xe3o & Filhos,10,01/02/2027,pending\r\n',
        'latin1',
      ),
    );
    const products = write(t, 'produtos-ptbr.csv', 'sku,name,stock,min_stock\nSKU-1,Arroz,1,5\nsku-1,Arroz,1,1\nSKU-3,Sal,1.5,1\n');

    const [badOrders, badProducts] = [await importCli(['orders', orders], env, t.work), await importCli(['products', products], env, t.work)];
    expect(badOrders.code).toBe(1);
    expect(stderrLines(badOrders.stderr).filter((line) => !line.startsWith('apliquei'))).toEqual([
      'aviso: colunas desconhecidas ignoradas: vendedor, (coluna sem nome 7)',
      'linha 2, coluna total: 1.234 pode ser 1234 ou 1.234 (o ponto pode separar os milhares ou marcar os decimais): ' +
        'escreva 1.234,00 para 1234 ou 1,234 para 1.234; uma vírgula decimal em qualquer valor desta coluna resolve isso para a coluna inteira',
      'linha 2, coluna due_date: o mês 31 não existe: as datas são DD/MM/AAAA',
      'linha 3: tem 2 campos a menos que o cabeçalho',
      'nada foi gravado: 3 erros em 2 linhas; o arquivo não é UTF-8 e foi lido como Windows-1252',
    ]);
    expect(badProducts.code).toBe(1);
    expect(stderrLines(badProducts.stderr)).toEqual([
      'linha 3, coluna sku: sku sku-1 repetido: já apareceu na linha 2',
      'linha 4, coluna stock: precisa ser um número inteiro, como 1500 ou 1.500 (o ponto separa os milhares; sem casas decimais)',
      'nada foi gravado: 2 erros em 2 linhas',
    ]);

    writeFileSync(orders, Buffer.from('number;customer;total;due_date;status\r\nPED-PT;Concei\xe7\xe3o;1.234;31/12/2026;pending\r\n', 'latin1'));
    const good = await importCli(['orders', orders], env, t.work);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^orders: 1 criado, 0 atualizados, 0 sem mudança, 0 ignorados \(1 linha em \d+,\d s; o arquivo não é UTF-8 e foi lido como Windows-1252\)\n$/);
    const stored = await inspect(t, (db) => db.prisma.order.findUniqueOrThrow({ where: { numberKey: 'ped-pt' } }));
    expect([stored.customer, stored.total.toFixed(2)]).toEqual(['Conceição', '1234.00']);
  }, CHILD_WITH_DATABASE_TIMEOUT_MS);

  // The spawned test: a real SIGINT reaching the real entry point. Its rollback is the same on both databases.
  it('stops on Ctrl-C: rolls back, exits 130 without a stack trace, releases DATA_DIR', async ({ skip }) => {
    const t = target();
    if (t.kind !== 'pglite') skip('one spawned run is enough: the embedded database shows the DATA_DIR release too');
    const rows = Array.from({ length: 100_000 }, (_, i) => `INT-${i},Produto ${i},${i % 50},10`);
    const file = write(t, 'grande.csv', `sku,name,stock,min_stock\n${rows.join('\n')}\n`);
    const child = spawnScript(SCRIPT, ['products', file], t.env, t.work, { runner: 'node' });
    try {
      // Progress comes every 10,000 rows: by the first line whole batches are written.
      await child.waitFor(/10,000 rows checked/, 90_000);
      child.child.kill('SIGINT');
      expect(await child.exited).toBe(130);
    } finally {
      child.child.kill('SIGKILL'); // only if the test failed before it exited
    }
    expect(child.stdout()).toBe('');
    expect(child.stderr()).toContain('import: interrupted by SIGINT; everything was rolled back\n');
    expect(child.stderr()).not.toMatch(NO_STACK);
    expect(existsSync(join(t.dataDir, 'retaguarda.lock'))).toBe(false);
    expect(await inspect(t, (db) => db.prisma.product.count())).toBe(0);
  }, CHILD_WITH_DATABASE_TIMEOUT_MS);
});
