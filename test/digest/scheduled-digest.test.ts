// The scheduled daily digest through the real bot (HTTP mode against the fake Slack, pt-BR, São
// Paulo, default DIGEST_CRON 09:00 on weekdays), with a fake clock: the figures of a seeded week,
// the trend over the last 7 digests, the empty day, the thread for what does not fit, and local
// mode printing it on the terminal.
import { expect, it } from 'vitest';
import { acknowledgeAlert, resolveAlert } from '../../src/domain/alerts/change-alert.js';
import { insertDigestRun } from '../../src/domain/digest/digest-runs.js';
import { FakeClock } from '../support/fake-clock.js';
import type { StoredMessage } from '../support/fake-slack.js';
import { validateBlocks } from '../support/block-kit-limits.js';
import { seed } from '../support/seed.js';
import { useSlackBot } from '../support/slack-bot.js';
import { startTestBot } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const DIGEST = 'C0DIGEST01';
/** Monday 2037-11-23, 08:00 in São Paulo (11:00 UTC); the digest is due at 09:00 on weekdays. */
const MON_0800 = '2037-11-23T11:00:00Z';
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2037, 10, day, hour + 3, minute));

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };

describeEachDatabase('scheduled digest', (ctx) => {
  const slack = useSlackBot(ctx, { env: { BOT_LOCALE: 'pt-BR', DIGEST_CHANNEL: DIGEST }, now: MON_0800 });

  /** Runs the digest job as at a DIGEST_CRON tick and waits until the outbox sent what it queued. */
  const runDigest = async () => {
    expect(await slack.bot.runDigest()).toBe(true);
    await slack.bot.outboxIdle();
    expect(await ctx.db.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } })).toBe(0);
  };
  const posts = () => slack.fake.messages(DIGEST).filter((m) => !m.thread_ts);
  const blocksOf = (message: StoredMessage) => {
    expect(validateBlocks(message.blocks, 'message')).toEqual([]);
    return message.blocks as Block[];
  };
  /** The lines of the section starting with `start` in the latest digest. */
  const linesOf = (start: string): string[] => {
    const section = blocksOf(posts().at(-1)!).find((b) => b.type === 'section' && b.text?.text.startsWith(start));
    expect(section, `a section starting with ${start}`).toBeDefined();
    return section!.text!.text.split('\n');
  };
  const alertId = async (subject: string) => (await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject } })).id;

  it('counts, sums, medians and trends on a seeded data set, and says who resolved what', async () => {
    const deps = slack.bot.deps;
    await seed(ctx.db, 'products', [
      { sku: 'CAFE-500', name: 'Café torrado', stock: 0, min_stock: 10 },
      { sku: 'ACUCAR-1', name: 'Açúcar', stock: 4, min_stock: 10 },
      { sku: 'ARROZ-5', name: 'Arroz', stock: 50, min_stock: 10 },
    ]);
    await seed(ctx.db, 'orders', [
      { number: 'PED-1', customer: 'Padaria', total: '1234.56', due_date: '2037-11-01', status: 'pending' },
      { number: 'PED-2', customer: 'Mercado', total: '8790.00', due_date: '2037-09-20', status: 'pending' },
      { number: 'PED-3', customer: 'Padaria', total: '100.00', due_date: '2037-10-10', status: 'pending' },
      { number: 'PED-7', customer: 'Importadora', total: '100.00', currency: 'USD', due_date: '2037-11-10', status: 'pending' },
    ]);
    await seed(ctx.db, 'employees', [
      { code: 'EMP-7', name: 'Ana Souza', start_date: '2037-11-27', received_documents: 'cpf|rg' },
      { code: 'EMP-8', name: 'Bruno Lima', start_date: '2037-12-20', received_documents: 'cpf' },
    ]);
    await slack.bot.runWatchCycle(); // Monday 08:00: 7 alerts open

    slack.clock.set(at(23, 9));
    await runDigest();
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.metadata?.event_payload.key).toBe('digest:2037-11-23 09:00');
    expect(linesOf('*Estoque*')).toContain('Nas últimas 24 horas: 2 novos · 0 resolvidos');
    expect(linesOf('*Em risco*')).toContain('Pedidos vencidos: *R$\u00a010.124,56* (3 pedidos)');

    // Monday: the finance team acknowledges after 1 h, 3 h and 5 h (median 3 h), stock after 2 h.
    for (const [hour, subject, user] of [[9, 'PED-3', 'U0FIN00001'], [10, 'CAFE-500', 'U0STOCK001'], [11, 'PED-2', 'U0FIN00001'], [13, 'PED-7', 'U0FIN00002']] as const) {
      slack.clock.set(at(23, hour));
      await acknowledgeAlert(deps, { userId: user }, { alertId: await alertId(subject) });
    }
    // 12:00: PED-1 is paid and resolved by a person; ACUCAR-1 restocked, resolved by the watcher. Both open 4 h.
    slack.clock.set(at(23, 12));
    await seed(ctx.db, 'orders', [{ number: 'PED-1', customer: 'Padaria', total: '1234.56', due_date: '2037-11-01', status: 'paid', paid_at: '2037-11-23' }]);
    await resolveAlert(deps, { userId: 'U0FIN00001' }, { alertId: await alertId('PED-1') });
    await seed(ctx.db, 'products', [{ sku: 'ACUCAR-1', name: 'Açúcar', stock: 40, min_stock: 10 }]);
    await slack.bot.runWatchCycle();

    slack.clock.set(at(24, 9));
    await runDigest();
    expect(posts()).toHaveLength(2);
    const message = posts()[1]!;
    expect(blocksOf(message)[0]).toMatchObject({ type: 'header', text: { text: 'Resumo do dia — 24/11/2037' } });
    expect(linesOf('*Estoque*')).toEqual([
      // Two open on Monday, one now: the trend falls from the top bar.
      '*Estoque* — 1 aberto · :red_circle: 1 Crítico · 1 reconhecido · 0 adiados `█▅`',
      'Abertos há menos de 1 dia: 0 · de 1 a 7 dias: 1 · há mais de 7 dias: 0',
      expect.stringMatching(/^:red_circle: \*#\d+\* CAFE-500 Café torrado — .* · aberto há 1 dia$/),
      'Desde o resumo anterior: 0 novos · 1 resolvido — resolvidos sozinhos: 1',
      'Mediana em 7 dias: 2 horas para reconhecer · 4 horas para resolver',
    ]);
    const finance = linesOf('*Financeiro*');
    // On the collections schedule PED-2 (65 days overdue) is critical, PED-3 (45) and PED-7 (13) warnings.
    expect(finance[0]).toBe('*Financeiro* — 3 abertos · :red_circle: 1 Crítico · :large_orange_circle: 2 Atenção · 3 reconhecidos · 0 adiados `█▆`');
    // Worst first: the critical order, then the warnings, oldest first.
    expect(finance.slice(2, 5).map((line) => /\* (PED-\d)/.exec(line)?.[1])).toEqual(['PED-2', 'PED-3', 'PED-7']);
    expect(finance).toContain('Desde o resumo anterior: 0 novos · 1 resolvido — <@U0FIN00001>: 1');
    expect(finance).toContain('Mediana em 7 dias: 3 horas para reconhecer · 4 horas para resolver');

    const risk = linesOf('*Em risco*');
    expect(risk).toContain('Produtos com estoque zerado: *1* `██` · no mínimo ou abaixo dele: *1* `█▅`');
    // PED-2 is 65 days overdue, PED-3 45: summed by the database, per currency and age band (ORDER_STEPS).
    expect(risk).toContain('Pedidos vencidos: *R$\u00a08.890,00* (2 pedidos) `█▇`');
    expect(risk).toContain('    30–59 dias: R$\u00a0100,00 · 60–89 dias: R$\u00a08.790,00');
    expect(risk).toContain('    Quem mais deve: Mercado R$\u00a08.790,00 · Padaria R$\u00a0100,00');
    expect(risk).toContain('Pedidos vencidos: *US$\u00a0100,00* (1 pedido) `██`');
    expect(risk).toContain('Admissões nos próximos 7 dias com documentos faltando: *1* `██`');
    expect(risk).toContain('• Ana Souza (EMP-7) começa em 27/11/2037 · 4 documentos faltando');
    expect(message.text).toContain('R$\u00a08.890,00');

    // What the next digests compare with.
    const runs = await ctx.db.prisma.digestRun.findMany({ orderBy: { scheduledFor: 'asc' } });
    expect(runs.map((r) => r.figures)).toEqual([
      { open: { low_stock: 2, unpaid_order: 4, missing_documents: 1 }, stockAtZero: 1, stockAtOrBelowMinimum: 2, overdue: { BRL: '10124.56', USD: '100.00' }, hiresMissingDocuments: 1 },
      { open: { low_stock: 1, unpaid_order: 3, missing_documents: 1 }, stockAtZero: 1, stockAtOrBelowMinimum: 1, overdue: { BRL: '8890.00', USD: '100.00' }, hiresMissingDocuments: 1 },
    ]);
  });

  it('draws each headline figure over the last 7 digests', async () => {
    await seed(ctx.db, 'products', [1, 2, 3, 4].map((i) => ({ sku: `P-${i}`, name: `Produto ${i}`, stock: 0, min_stock: 5 })));
    // Eight earlier digests: only the last six count, with the current one the seventh bar.
    for (let day = 11; day <= 18; day++) {
      const zero = day - 10; // 1 … 8
      await insertDigestRun(ctx.db.prisma, {
        scheduledFor: at(day, 9),
        computedAt: at(day, 9),
        channel: DIGEST,
        figures: { open: {}, stockAtZero: zero, stockAtOrBelowMinimum: 8, overdue: {}, hiresMissingDocuments: 0 },
      });
    }
    slack.clock.set(at(23, 9));
    await runDigest();
    // 3 4 5 6 7 8, then 4 now, scaled from 0 to 8.
    expect(linesOf('*Em risco*')).toContain('Produtos com estoque zerado: *4* `▄▅▅▆▇█▅` · no mínimo ou abaixo dele: *4* `██████▅`');
  });

  it('says in one line that nothing is open on a quiet day', async () => {
    slack.clock.set(at(23, 9));
    await runDigest();
    expect(blocksOf(posts()[0]!).map((b) => [b.type, b.text?.text ?? b.elements?.[0]?.text])).toEqual([
      ['header', 'Resumo do dia — 23/11/2037'],
      ['section', 'Nada em aberto hoje. 🎉'],
      ['context', expect.stringContaining('Situação em 23/11/2037, 09:00.')],
    ]);
  });

  it('puts the alerts beyond the worst few in the thread, and counts them in the message', async () => {
    await seed(ctx.db, 'products', Array.from({ length: 8 }, (_, i) => ({ sku: `P-${i}`, name: `Produto ${i}`, stock: i, min_stock: 10 })));
    await slack.bot.runWatchCycle();
    slack.clock.set(at(23, 9));
    await runDigest();
    const [main] = posts();
    const stock = linesOf('*Estoque*');
    expect(stock.filter((line) => /\*#\d+\* P-/.test(line))).toHaveLength(3);
    expect(stock).toContain('…e mais 5, na conversa.');
    const thread = slack.fake.messages(DIGEST).filter((m) => m.thread_ts === main!.ts);
    expect(thread).toHaveLength(1);
    const replyText = blocksOf(thread[0]!).map((b) => b.text?.text ?? '').join('\n');
    expect(replyText.split('\n')[0]).toBe('*Estoque* — os demais alertas abertos, dos mais graves aos menos');
    expect(replyText.match(/\*#\d+\* P-\d/g)).toHaveLength(5);
    expect(thread[0]!.metadata?.event_payload.key).toBe('digest:2037-11-23 09:00:thread:1');
  });
});

describeEachDatabase('digest in local mode', (ctx) => {
  it('is printed on the terminal through the outbox', async () => {
    // Some data, so the embedded database does not get the demo data set.
    await seed(ctx.db, 'products', [{ sku: 'ARROZ-5', name: 'Arroz', stock: 50, min_stock: 10 }]);
    const local = await startTestBot(ctx.db, { env: { BOT_LOCALE: 'pt-BR' }, clock: new FakeClock(at(23, 9)) });
    try {
      expect(await local.runDigest()).toBe(true);
      await local.outboxIdle();
      expect(local.output()).toContain('── #digest · nova mensagem ──\nResumo do dia — 23/11/2037');
      expect(local.output()).toContain('Nada em aberto hoje. 🎉');
    } finally {
      await local.stop();
    }
  });
});
