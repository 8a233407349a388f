// The free-text rule on the command surface: every free-text argument of every command, through
// the one router (runCommand, as Slack and the console call it), on a real database. A NUL, a
// bidi override, a zero-width space or an escape character gets a reply naming the argument, the
// character and where it is, with the usage — and nothing is written. Good text, emoji included,
// is stored as typed.
import { beforeEach, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run-command.js';
import { runWatchCycle } from '../../src/domain/alerts/run-watch-cycle.js';
import { createI18n } from '../../src/i18n/index.js';
import { badFreeText } from '../support/bad-free-text.js';
import { FakeClock } from '../support/fake-clock.js';
import { seed } from '../support/seed.js';
import { describeEachDatabase } from '../support/test-database.js';
import { makeTestDeps, type TestDeps } from '../support/test-deps.js';
import { snapshot } from './orders-admissions.helpers.js';

const NOW = '2026-11-25T15:00:00Z';
const CLERK = 'U0CLERK001';

/** Each put at character 10 of the free text ("recebido …hoje"), and what the reply says. */
const BAD = badFreeText(10);

interface Field {
  /** the argument's name in the usage, which the message names */
  name: string;
  command: string;
  /** the line up to the free text */
  prefix: (alertId: number) => string;
  usage: string;
  max: number;
}

const FIELDS: Field[] = [
  { name: 'note', command: '/stock', prefix: () => 'restock CAFE-500 40', usage: '/stock restock SKU QTY [note]', max: 500 },
  { name: 'reference', command: '/orders', prefix: () => 'paid PED-1001', usage: '/orders paid NUMBER [reference]', max: 120 },
  { name: 'reason', command: '/admissions', prefix: () => 'waive EMP-7 aso', usage: '/admissions waive CODE DOC reason', max: 300 },
  { name: 'note', command: '/alerts', prefix: (id) => `resolve #${id}`, usage: '/alerts resolve ID [note]', max: 500 },
  { name: 'reason', command: '/alerts', prefix: (id) => `snooze #${id} 4h`, usage: '/alerts snooze ID…|FILTER… DURATION|YYYY-MM-DD [reason]', max: 500 },
];

describeEachDatabase('free text in commands', (ctx) => {
  let deps: TestDeps;
  let alertId: number;

  beforeEach(async () => {
    deps = makeTestDeps(ctx.db, { clock: new FakeClock(NOW) });
    await seed(ctx.db, 'products', [{ sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 3, min_stock: 20 }]);
    await seed(ctx.db, 'orders', [{ number: 'PED-1001', customer: 'Padaria Pão Quente', total: '1234.56', due_date: '2026-10-01', status: 'pending' }]);
    await seed(ctx.db, 'employees', [{ code: 'EMP-7', name: 'Ana Souza', start_date: '2026-11-30', received_documents: 'cpf|rg' }]);
    await runWatchCycle(deps);
    alertId = (await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'CAFE-500' } })).id;
  });

  const run = (command: string, text: string) => runCommand(deps, { command, text, actor: { userId: CLERK } });

  it.each(FIELDS.map((f) => [`${f.command} ${f.prefix(1).split(' ')[0]} ${f.name}`, f] as const))('%s: refuses hidden characters and over-long text, naming the argument; nothing written', async (_title, field) => {
    const before = await snapshot(ctx.db);
    for (const bad of BAD) {
      const reply = await run(field.command, `${field.prefix(alertId)} recebido ${bad.char}hoje`);
      expect(reply.text, bad.what).toBe(`\`${field.name}\`: ${bad.says}\nUsage: ${field.usage}`);
      expect(await snapshot(ctx.db), bad.what).toBe(before);
    }
    const long = await run(field.command, `${field.prefix(alertId)} ${'x'.repeat(field.max + 1)}`);
    expect(long.text).toBe(`\`${field.name}\`: at most ${field.max} characters, please (${field.max + 1} given).\nUsage: ${field.usage}`);
    expect(await snapshot(ctx.db)).toBe(before);
    expect(deps.logs.filter((l) => l.msg === 'command failed')).toEqual([]);
  });

  it('stores a good note as typed: accents, emoji and a ZWJ emoji sequence; CRLF as LF', async () => {
    const note = 'nota fiscal 1234 ✅ — conferido por 👩‍💻\r\nsegunda linha';
    const reply = await run('/stock', `restock CAFE-500 40 ${note}`);
    expect(reply.text).toContain('+40');
    const movement = await ctx.db.prisma.stockMovement.findFirstOrThrow({ where: { reason: 'restock' } });
    expect(movement.note).toBe('nota fiscal 1234 ✅ — conferido por 👩‍💻\nsegunda linha');
  });

  it('shows a hidden character in a SKU, order number or code instead of passing it on', async () => {
    const before = await snapshot(ctx.db);
    expect((await run('/stock', 'restock CAFE\u200b-500 40')).text).toMatch(/^SKU `CAFE\[U\+200B\]-500` is not a valid code/);
    expect((await run('/orders', 'paid PED\u0000-1001')).text).toMatch(/^NUMBER `PED\[U\+0000\]-1001` is not a valid code/);
    expect((await run('/admissions', 'received EMP-7\u202e aso')).text).toMatch(/^CODE `EMP-7\[U\+202E\]` is not a valid code/);
    expect(await snapshot(ctx.db)).toBe(before);
  });

  it('says it in Portuguese with BOT_LOCALE=pt-BR', async () => {
    deps = { ...deps, i18n: createI18n('pt-BR', 'America/Sao_Paulo') };
    const reply = await run('/alerts', `resolve #${alertId} feito\u0000`);
    expect(reply.text).toBe(
      '`OBSERVAÇÃO`: contém um caractere de controle (U+0000, posição 6), que não é aceito. Remova-o e tente de novo.\nUso: /alerts resolver ID [OBSERVAÇÃO]',
    );
  });
});
