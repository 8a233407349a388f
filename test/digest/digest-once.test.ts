// Each scheduled digest is posted exactly once: across a restart, with two instances on one
// PostgreSQL (both through the scheduler and racing past it), and a digest missed while the bot
// was down is posted when it comes back — the same day only. Fake clock, fake Slack.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import { postScheduledDigest } from '../../src/notify/post-digest.js';
import { FakeClock } from '../support/fake-clock.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';
import { makeTestDeps } from '../support/test-deps.js';
import { createServerTestDatabase, describeEachDatabase, describeOnServer, type DatabaseContext, type TestDatabase } from '../support/test-database.js';

const DIGEST = 'C0DIGEST01';
const env = { DIGEST_CHANNEL: DIGEST };
/** Monday 2037-11-23 in São Paulo (UTC-3), `hour:minute` local time. */
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2037, 10, day, hour + 3, minute));

/** The digests posted to the channel (not their thread replies), by outbox key. */
function postedKeys(fake: FakeSlack): string[] {
  return fake.messages(DIGEST).filter((m) => !m.thread_ts).map((m) => String(m.metadata?.event_payload.key));
}

async function settle(db: Database): Promise<void> {
  await expect.poll(() => db.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } }), { timeout: 10_000 }).toBe(0);
}

describeEachDatabase('digest exactly once', (ctx: DatabaseContext) => {
  let fake: FakeSlack;
  const bots: TestBot[] = [];
  const start = async (clock: FakeClock, schedule = false) => {
    const bot = await startTestBot(ctx.db, { fake, env, clock, schedule });
    bots.push(bot);
    return bot;
  };
  const stop = async (bot: TestBot) => {
    bots.splice(bots.indexOf(bot), 1);
    await bot.stop();
  };
  beforeEach(async () => {
    fake = await startFakeSlack();
  });
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.stop()));
    await fake.close();
  });

  it('is not posted again after a restart', async () => {
    const clock = new FakeClock(at(23, 9));
    const first = await start(clock);
    expect(await first.runDigest()).toBe(true);
    await settle(ctx.db);
    expect(postedKeys(fake)).toEqual(['digest:2037-11-23 09:00']);
    await stop(first);

    clock.set(at(23, 9, 30));
    const second = await start(clock);
    // The job really runs (the scheduler's claim is not what stops it) and finds the day done.
    expect(await second.runDigest()).toBe(true);
    await settle(ctx.db);
    expect(postedKeys(fake)).toEqual(['digest:2037-11-23 09:00']);
    expect(await ctx.db.prisma.digestRun.count()).toBe(1);
  });

  it('posts a digest missed while the bot was down when it comes back, the same day only', async () => {
    // Down at 09:00 on Monday; started at 14:00 with its schedule: the start-up run posts Monday's digest.
    const clock = new FakeClock(at(23, 14));
    const monday = await start(clock, true);
    await fake.waitUntil(() => postedKeys(fake).length > 0 || undefined, 10_000, () => 'the missed digest posted at start');
    expect(postedKeys(fake)).toEqual(['digest:2037-11-23 09:00']);
    const footer = JSON.stringify(fake.messages(DIGEST)[0]!.blocks);
    expect(footer).toContain('As of Nov 23, 2037, 2:00'); // taken when it was posted
    await stop(monday);

    // Down all Tuesday, back on Wednesday before 09:00: Tuesday's digest is not posted late.
    clock.set(at(25, 8));
    const wednesday = await start(clock);
    expect(await wednesday.runDigest()).toBe(true);
    await settle(ctx.db);
    expect(postedKeys(fake)).toEqual(['digest:2037-11-23 09:00']);
    // Wednesday's own digest at its time.
    clock.set(at(25, 9));
    expect(await wednesday.runDigest()).toBe(true);
    await settle(ctx.db);
    expect(postedKeys(fake)).toEqual(['digest:2037-11-23 09:00', 'digest:2037-11-25 09:00']);
  });

  it('is posted by the next catch-up run when its own run failed (say, the database was away at 09:00)', async () => {
    const clock = new FakeClock(at(23, 8, 55));
    const bot = await start(clock);
    expect(await bot.runDigestCatchUp()).toBe(true);
    await settle(ctx.db);
    expect(postedKeys(fake)).toEqual([]); // nothing due yet
    // The 09:00 run never happened; the 09:10 catch-up posts it, and later ones do nothing.
    clock.set(at(23, 9, 10));
    expect(await bot.runDigestCatchUp()).toBe(true);
    await settle(ctx.db);
    clock.set(at(23, 9, 20));
    expect(await bot.runDigestCatchUp()).toBe(true);
    expect(await bot.runDigest()).toBe(true);
    await settle(ctx.db);
    expect(postedKeys(fake)).toEqual(['digest:2037-11-23 09:00']);
  });
});

describeOnServer('digest with two instances on one database', () => {
  let fake: FakeSlack;
  let server: TestDatabase;
  let second: Database;
  const bots: TestBot[] = [];
  beforeEach(async () => {
    fake = await startFakeSlack();
    server = await createServerTestDatabase();
    second = databaseFromUrl(server.url!);
  });
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.stop()));
    await second.close();
    await server.close();
    await fake.close();
  });

  it('queues one digest when both instances take the same scheduled time at once', async () => {
    const clock = new FakeClock(at(23, 9));
    const a = makeTestDeps(server.db, { env, clock });
    const b = makeTestDeps(second, { env, clock });
    // Past the scheduler's claim on purpose: the digest_runs row alone must keep it to one.
    for (let round = 0; round < 3; round++) {
      const outcomes = await Promise.all([postScheduledDigest(a), postScheduledDigest(b)]);
      expect(outcomes.filter((o) => o.status === 'posted')).toHaveLength(round === 0 ? 1 : 0);
    }
    expect(await server.db.prisma.digestRun.count()).toBe(1);
    expect(await server.db.prisma.outboxMessage.findMany({ select: { key: true } })).toEqual([{ key: 'digest:2037-11-23 09:00' }]);
  });

  it('posts one digest with two running bots, each running the job', async () => {
    const clock = new FakeClock(at(23, 9));
    bots.push(...(await Promise.all([
      startTestBot(server.db, { fake, env, clock, instanceId: 'instance-a' }),
      startTestBot(second, { fake, env, clock, instanceId: 'instance-b' }),
    ])));
    // Together, and then one after the other so that each one really runs the job.
    await Promise.all(bots.map((bot) => bot.runDigest()));
    for (const bot of bots) expect(await bot.runDigest()).toBe(true);
    await settle(server.db);
    expect(postedKeys(fake)).toEqual(['digest:2037-11-23 09:00']);
  });
});
