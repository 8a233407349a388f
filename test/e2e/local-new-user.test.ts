// What a new user hit in local mode (issue 9, item 8), typed at the console as they typed it:
// resolved and improved alerts show the figures of now, `/stock show` puts each movement on its
// own line with its note, `/orders show` words its due date once, a domain refusal carries no
// usage, a too-large quantity is called too large, and @names the console knows work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run-command.js';
import { LOCAL_ACTOR } from '../../src/domain/actor.js';
import { resolveMentions } from '../../src/local/people.js';
import { FakeClock } from '../support/fake-clock.js';
import { seed } from '../support/seed.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';
import { createPgliteTestDatabase, type TestDatabase } from '../support/test-database.js';
import { makeTestDeps } from '../support/test-deps.js';

const NOW = new Date('2037-11-24T15:00:00Z'); // 12:00 in São Paulo

describe('a new user at the local console [pglite]', () => {
  let database: TestDatabase;
  let bot: TestBot;

  beforeAll(async () => {
    database = await createPgliteTestDatabase();
    await seed(database.db, 'products', [
      { sku: 'CAFE-500', name: 'Café 500 g', stock: 3, min_stock: 20, unit: 'pct' },
      { sku: 'PAPEL-A4', name: 'Papel A4', stock: 6, min_stock: 10, unit: 'resma' },
    ]);
    await seed(database.db, 'orders', [{ number: 'PED-1001', customer: 'Padaria Pão Quente', total: '1234.56', due_date: '2037-11-10', status: 'pending' }]);
    bot = await startTestBot(database.db, { clock: new FakeClock(NOW) });
    await bot.runWatchCycle();
    await bot.outboxIdle();
  });
  afterAll(async () => {
    await bot?.stop();
    await database?.close();
  });

  /** the reply to `line`, and everything printed until the channel messages it caused were sent */
  async function typed(line: string): Promise<{ reply: string; channel: string }> {
    const before = bot.output().length;
    const reply = await bot.type(line);
    await bot.outboxIdle();
    return { reply, channel: bot.output().slice(before) };
  }

  it('resolving by a restock shows the stock of now on the resolved message, not the stock it was raised at', async () => {
    const { channel } = await typed('/stock restock CAFE-500 37');
    expect(channel).toContain('updated message');
    expect(channel).toContain('Low stock: CAFE-500 — resolved');
    expect(channel).toMatch(/Stock: 40 pct · minimum 20 pct/);
    expect(channel).not.toMatch(/Stock: 3 pct/);
  });

  it('better but not fixed (6 → 7 under a minimum of 10) updates the message in place, with no thread note', async () => {
    const { channel } = await typed('/stock set PAPEL-A4 7');
    expect(channel).toContain('updated message');
    expect(channel).toMatch(/Stock: 7 resma · minimum 10 resma/);
    expect(channel).not.toContain('reply in thread');
  });

  it('/stock show prints one line per movement, with the note of a restock', async () => {
    await typed('/stock restock PAPEL-A4 1 NF 4711');
    const { reply } = await typed('/stock show PAPEL-A4');
    const lines = reply.split('\n').filter((l) => / → \d+ · | · initial stock /.test(l));
    expect(lines).toHaveLength(3); // restock, count, and the stock it was imported with
    expect(lines[0]).toMatch(/\+1 → 8 · restock · .*“NF 4711”$/);
    expect(lines[1]).toMatch(/\+1 → 7 · count/);
    expect(lines[2]).toMatch(/ · initial stock 6$/);
  });

  it('/orders show names the due date once', async () => {
    const { reply } = await typed('/orders show PED-1001');
    expect(reply).toContain('Due date Nov 10, 2037 · 14 days overdue');
    expect(reply).not.toMatch(/was due/i);
  });

  it('a domain refusal carries no usage; an argument error still does', async () => {
    const unknown = (await typed('/alerts ack 999')).reply;
    expect(unknown).toContain('There is no alert #999');
    expect(unknown).not.toContain('Usage');
    expect((await typed('/alerts ack banana')).reply).toContain('Usage');
  });

  it('calls a too-large quantity too large and says the maximum', async () => {
    const { reply } = await typed('/stock restock CAFE-500 99999999999');
    expect(reply).toContain('QTY `99999999999` is too large: at most 2,147,483,647');
    expect(reply).not.toContain('whole number');
  });

  it('takes @names the console knows, and says how to write anyone else', async () => {
    expect((await typed('/oncall set @ana @Bia')).reply).not.toMatch(/⚠️|:warning:/);
    const rotation = await bot.deps.db.prisma.onCallMember.findMany({ orderBy: { position: 'asc' }, select: { userId: true } });
    expect(rotation.map((m) => m.userId)).toEqual(['U0ANA0001', 'U0BIA0002']);
    const unknown = (await typed('/oncall set @zé')).reply;
    expect(unknown).toContain('The console does not know @zé. Write a Slack user ID (U123ABC) or one of @ana, @bia, @caio.');
  });
});

describe('console mentions', () => {
  it('resolves whole @words only, leaving e-mail addresses alone', () => {
    expect(resolveMentions('override @ana 2d')).toEqual({ ok: true, text: 'override <@U0ANA0001|ana> 2d' });
    expect(resolveMentions('resolve 12 pedido por ana@loja.com.br')).toEqual({ ok: true, text: 'resolve 12 pedido por ana@loja.com.br' });
    expect(resolveMentions('set @ana @joão')).toEqual({ ok: false, name: 'joão' });
  });
});

describe('refusals in the log [pglite]', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createPgliteTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('logs a console refusal at debug only (it is on the screen already), a Slack one at info', async () => {
    const deps = makeTestDeps(database.db);
    await runCommand(deps, { command: '/alerts', text: 'ack 999', actor: LOCAL_ACTOR });
    await runCommand(deps, { command: '/alerts', text: 'ack 999', actor: { userId: 'U0ANA0001' } });
    const refusals = deps.logs.filter((l) => l.msg === 'command refused').map((l) => [l.user, l.level]);
    expect(refusals).toEqual([
      ['local', 20],
      ['U0ANA0001', 30],
    ]);
  });
});
