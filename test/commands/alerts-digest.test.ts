// `/alerts digest` through the real bot in pt-BR: the daily digest's content, privately — counts
// per team and severity, the worst alerts and their age, the overdue amount summed by the database
// (per currency), stock at zero, and the channel messages that could not be posted.
import { expect, it } from 'vitest';
import { acknowledgeAlert, snoozeAlert } from '../../src/domain/alerts/change-alert.js';
import { validateBlocks } from '../support/block-kit-limits.js';
import { seed } from '../support/seed.js';
import { useSlackBot } from '../support/slack-bot.js';
import { sendSlashCommand } from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

/**
 * Wednesday 2037-11-25, 12:00 in São Paulo: the alerts open then. Far ahead on purpose: the HTTP
 * server refuses Slack requests whose timestamp is ahead of the bot's clock.
 */
const OPENED = '2037-11-25T15:00:00Z';
/** Saturday 2037-11-28, 22:00 in São Paulo — already Sunday the 29th in UTC. */
const ASKED = '2037-11-29T01:00:00Z';

interface SlashReply {
  response_type: string;
  text: string;
  blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[];
}

describeEachDatabase('/alerts digest', (ctx) => {
  const slack = useSlackBot(ctx, { env: { BOT_LOCALE: 'pt-BR' }, now: OPENED });

  const digest = async (): Promise<SlashReply> => {
    const res = await sendSlashCommand(slack.bot.baseUrl, TEST_SIGNING_SECRET, { command: '/alerts', text: 'digest', user_id: 'U0MANAGER1' });
    expect(res.status).toBe(200);
    const reply = res.json as SlashReply;
    expect(reply.response_type).toBe('ephemeral');
    expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
    return reply;
  };
  /** The text of the section that starts with `start`. */
  const sectionStarting = (reply: SlashReply, start: string) => {
    const found = reply.blocks.find((b) => b.type === 'section' && b.text?.text.startsWith(start));
    expect(found, `a section starting with ${start}`).toBeDefined();
    return found!.text!.text;
  };

  it('sums overdue orders per currency in SQL, as of today in BOT_TIMEZONE, and counts alerts per team', async () => {
    await seed(ctx.db, 'products', [
      { sku: 'CAFE-500', name: 'Café torrado', stock: 0, min_stock: 10 },
      { sku: 'ARROZ-5', name: 'Arroz', stock: 50, min_stock: 10 },
      { sku: 'VELHO-1', name: 'Fora de linha', stock: 0, min_stock: 10, active: false },
    ]);
    await seed(ctx.db, 'orders', [
      { number: 'PED-1', customer: 'Padaria', total: '1234.56', due_date: '2037-11-01', status: 'pending' },
      { number: 'PED-2', customer: 'Mercado', total: '8790.00', due_date: '2037-11-27', status: 'pending' },
      // Due "today" in São Paulo (not yet overdue), though in UTC it is already the 29th.
      { number: 'PED-3', customer: 'Bar', total: '500.00', due_date: '2037-11-28', status: 'pending' },
      { number: 'PED-4', customer: 'Pago', total: '300.00', due_date: '2037-10-01', status: 'paid', paid_at: '2037-10-02' },
      { number: 'PED-5', customer: 'Cancelado', total: '700.00', due_date: '2037-10-01', status: 'cancelled' },
      { number: 'PED-6', customer: 'Inativo', total: '900.00', due_date: '2037-10-01', status: 'pending', active: 'false' },
      { number: 'PED-7', customer: 'Importadora', total: '100.00', currency: 'USD', due_date: '2037-11-10', status: 'pending' },
    ]);
    await seed(ctx.db, 'employees', [{ code: 'EMP-7', name: 'Ana Souza', start_date: '2037-12-01', received_documents: 'cpf|rg' }]);
    await slack.bot.runWatchCycle();
    // A second stock alert an hour later: CAFE-500 stays the oldest.
    slack.clock.advance(3_600_000);
    await seed(ctx.db, 'products', [{ sku: 'ACUCAR-1', name: 'Açúcar', stock: 4, min_stock: 10 }]);
    await slack.bot.runWatchCycle();
    const cafe = await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'CAFE-500' } });
    const hire = await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'EMP-7' } });
    await acknowledgeAlert(slack.bot.deps, { userId: 'U0STOCK001' }, { alertId: cafe.id });
    await snoozeAlert(slack.bot.deps, { userId: 'U0HR000001' }, { alertId: hire.id }, new Date('2037-12-01T12:00:00Z'));

    slack.clock.set(ASKED);
    // A channel message the outbox gave up on: counted, with how to send it again.
    await ctx.db.prisma.outboxMessage.create({ data: { key: 'test:failed', channel: 'C0STOCK001', op: 'post', payload: {}, status: 'failed', lastError: 'channel_not_found' } });
    const reply = await digest();
    expect(reply.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Resumo do dia — 28/11/2037' } });

    const stock = sectionStarting(reply, '*Estoque*').split('\n');
    expect(stock[0]).toBe('*Estoque* — 2 abertos · :red_circle: 1 Crítico · :large_orange_circle: 1 Atenção · 1 reconhecido · 0 adiados');
    expect(stock[1]).toBe('Abertos há menos de 1 dia: 0 · de 1 a 7 dias: 2 · há mais de 7 dias: 0');
    // Worst first: the critical one, then the warning.
    expect(stock[2]).toMatch(new RegExp(`^:red_circle: \\*#${cafe.id}\\* CAFE-500 Café torrado — .* · aberto há 3 dias$`));
    expect(stock[3]).toMatch(/^:large_orange_circle: \*#\d+\* ACUCAR-1 Açúcar — .* · aberto há 3 dias$/);
    // When the cycle ran on the 25th, PED-1 (24 days) and PED-7 (15 days) were overdue — warnings
    // on the collections schedule — and PED-2 (due the 27th) was at its D-3 reminder; PED-3, due on
    // Saturday the 28th, is payable on Monday: five days away, no reminder yet.
    expect(sectionStarting(reply, '*Financeiro*').split('\n')[0]).toBe(
      '*Financeiro* — 3 abertos · :large_orange_circle: 2 Atenção · :large_yellow_circle: 1 Informativo · 0 reconhecidos · 0 adiados',
    );
    expect(sectionStarting(reply, '*RH*').split('\n')[0]).toMatch(/^\*RH\* — 1 aberto · :[a-z_]+: 1 [A-Za-zçã]+ · 0 reconhecidos · 1 adiado$/);

    const risk = sectionStarting(reply, '*Em risco*').split('\n');
    expect(risk).toContain('Pedidos vencidos: *R$\u00a010.024,56* (2 pedidos)');
    expect(risk).toContain('Pedidos vencidos: *US$\u00a0100,00* (1 pedido)');
    expect(risk).toContain('Produtos com estoque zerado: *1* · no mínimo ou abaixo dele: *2*');
    expect(reply.text).toContain('R$\u00a010.024,56');
    expect(sectionStarting(reply, ':warning:')).toBe(
      ':warning: *1 mensagem não pôde ser publicada no canal.* O `/alerts listar` mostra qual e por quê; um administrador pode reenviá-la com `/alerts reenviar N`.',
    );
    const footer = reply.blocks.at(-1)!;
    expect(footer.type).toBe('context');
    expect(footer.elements?.[0]?.text).toContain('Situação em 28/11/2037, 22:00.');
  });

  it('says in one line that nothing is open on a quiet day', async () => {
    await seed(ctx.db, 'orders', [{ number: 'PED-9', customer: 'Em dia', total: '50.00', due_date: '2037-12-10', status: 'pending' }]);
    const reply = await digest();
    expect(reply.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(reply.blocks[1]!.text!.text).toBe('Nada em aberto hoje. 🎉');
  });
});
