// The on-call hand-off: when the current shift began and from whom (a pure rule over the schedule,
// across week boundaries, overrides and a daylight-saving change), and its announcement — a note in
// DIGEST_CHANNEL and a DM to the incoming person with the open critical alerts — exactly once per
// hand-off across job runs and restarts, a missed one announced when back (if still that shift),
// audited, and printed in local mode. Fake clock, fake Slack.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderHandoffDm, renderHandoffNote } from '../../src/blocks/oncall/render-handoff.js';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import type { AlertRecord } from '../../src/domain/alerts/alert-record.js';
import { addOverride } from '../../src/domain/oncall/add-override.js';
import { handoffToAnnounce, latestHandoff } from '../../src/domain/oncall/handoff-rule.js';
import type { HandoffAnnouncement } from '../../src/domain/oncall/handoff-runs.js';
import type { OnCallOverrideView, OnCallSchedule } from '../../src/domain/oncall/rotation-rule.js';
import { setRotation } from '../../src/domain/oncall/set-rotation.js';
import { createI18n } from '../../src/i18n/index.js';
import { postHandoff } from '../../src/notify/post-handoff.js';
import { alertOfKind } from '../support/alert-fixtures.js';
import { validateBlocks } from '../support/block-kit-limits.js';
import { FakeClock } from '../support/fake-clock.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { seed } from '../support/seed.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';
import { createServerTestDatabase, describeEachDatabase, describeOnServer, type TestDatabase } from '../support/test-database.js';
import { makeTestDeps } from '../support/test-deps.js';

const [ANA, BRUNO, CAIO] = ['U0ANA0001', 'U0BRUNO01', 'U0CAIO001'] as const;
const ADMIN = { userId: 'U0ADMIN01' };
const DIGEST = 'C0DIGEST01';
const SP = 'America/Sao_Paulo';
const NY = 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** wall-clock time in São Paulo (UTC-3 all year); 2026-11-23 is a Monday */
const sp = (iso: string) => new Date(`${iso}-03:00`);

const schedule = (rotation: string[], setAt: Date | null, overrides: OnCallOverrideView[] = []): OnCallSchedule => ({ rotation, rotationSetAt: setAt, overrides });
const override = (id: number, userId: string, startsAt: Date, ms: number): OnCallOverrideView => ({
  id,
  userId,
  startsAt,
  endsAt: new Date(startsAt.getTime() + ms),
  createdBy: ADMIN.userId,
  createdAt: startsAt,
});

describe('latestHandoff', () => {
  // Set on Wednesday 25 November: Ana covers that week (from Monday 23, 09:00), Bruno the next.
  const rotation = schedule([ANA, BRUNO], sp('2026-11-25T12:00:00'));
  const at = (now: Date, s = rotation, tz = SP) => {
    const h = latestHandoff(s, now, tz);
    return h && { at: h.at.toISOString(), from: h.from?.userId, to: h.to.userId, until: h.until?.toISOString() ?? null };
  };

  it('starts a new rotation with a hand-off from nobody at its anchor, then hands off weekly', () => {
    expect(at(sp('2026-11-25T12:00:00'))).toEqual({ at: sp('2026-11-23T09:00:00').toISOString(), from: undefined, to: ANA, until: sp('2026-11-30T09:00:00').toISOString() });
    expect(at(sp('2026-11-30T08:59:59'))?.at).toBe(sp('2026-11-23T09:00:00').toISOString());
    // the week boundary
    expect(at(sp('2026-11-30T09:00:00'))).toEqual({ at: sp('2026-11-30T09:00:00').toISOString(), from: ANA, to: BRUNO, until: sp('2026-12-07T09:00:00').toISOString() });
    expect(at(sp('2026-12-06T23:00:00'))?.at).toBe(sp('2026-11-30T09:00:00').toISOString());
    expect(at(sp('2026-12-07T09:00:00'))).toMatchObject({ from: BRUNO, to: ANA });
  });

  it('hands off when an override starts and again when it ends', () => {
    const s = schedule([ANA, BRUNO], sp('2026-11-25T12:00:00'), [override(1, CAIO, sp('2026-12-01T14:30:00'), DAY)]);
    expect(at(sp('2026-12-01T14:29:59'), s)).toMatchObject({ at: sp('2026-11-30T09:00:00').toISOString(), to: BRUNO });
    expect(at(sp('2026-12-01T14:30:00'), s)).toEqual({ at: sp('2026-12-01T14:30:00').toISOString(), from: BRUNO, to: CAIO, until: sp('2026-12-02T14:30:00').toISOString() });
    expect(at(sp('2026-12-02T14:30:00'), s)).toEqual({ at: sp('2026-12-02T14:30:00').toISOString(), from: CAIO, to: BRUNO, until: sp('2026-12-07T09:00:00').toISOString() });
    // an override of whoever is on call already changes nobody: no hand-off
    const same = schedule([ANA, BRUNO], sp('2026-11-25T12:00:00'), [override(2, BRUNO, sp('2026-12-01T14:30:00'), DAY)]);
    expect(at(sp('2026-12-02T20:00:00'), same)?.at).toBe(sp('2026-11-30T09:00:00').toISOString());
  });

  it('has no hand-off with nobody on call, nor with one person after the first', () => {
    expect(latestHandoff(schedule([], null), sp('2026-11-25T12:00:00'), SP)).toBeUndefined();
    const alone = schedule([ANA], sp('2026-11-25T12:00:00'));
    expect(at(sp('2026-12-20T12:00:00'), alone)?.at).toBe(sp('2026-11-23T09:00:00').toISOString());
    // longer ago than any shift: nothing left to announce
    expect(at(sp('2027-03-01T12:00:00'), alone)).toBeUndefined();
  });

  it('keeps Monday 09:00 local across a daylight-saving change (New York)', () => {
    // Clocks go forward on Sunday 2037-03-08: 09:00 is 14:00Z on Monday 2 March and 13:00Z on Monday 9 March.
    const ny = schedule([ANA, BRUNO], new Date('2037-03-02T15:00:00Z'));
    expect(at(new Date('2037-03-09T12:59:59Z'), ny, NY)).toMatchObject({ at: '2037-03-02T14:00:00.000Z', to: ANA, until: '2037-03-09T13:00:00.000Z' });
    expect(at(new Date('2037-03-09T13:00:00Z'), ny, NY)).toMatchObject({ at: '2037-03-09T13:00:00.000Z', from: ANA, to: BRUNO, until: '2037-03-16T13:00:00.000Z' });
    // and back on Sunday 2037-11-01: 13:00Z on Monday 26 October, 14:00Z on Monday 2 November
    expect(at(new Date('2037-11-02T13:59:59Z'), ny, NY)?.at).toBe('2037-10-26T13:00:00.000Z');
    expect(at(new Date('2037-11-02T14:00:00Z'), ny, NY)?.at).toBe('2037-11-02T14:00:00.000Z');
  });
});

describe('handoffToAnnounce', () => {
  const wednesday = sp('2026-11-25T12:00:00');
  const announcedAna = { at: sp('2026-11-23T09:00:00'), userId: ANA };

  it('is the schedule\'s hand-off, unless a rotation set again put someone else on call mid-shift', () => {
    const thursday = sp('2026-11-26T10:00:00');
    // Set again on Thursday with Caio first: Ana's Monday hand-off was announced, so Caio took over at the set, from Ana.
    const reset = schedule([CAIO, ANA], thursday);
    expect(handoffToAnnounce(reset, sp('2026-11-26T10:01:00'), SP, announcedAna)).toMatchObject({ at: thursday, from: { userId: ANA }, to: { userId: CAIO } });
    // Set again with Ana still first: nothing new to announce (the announced instant stays).
    expect(handoffToAnnounce(schedule([ANA, CAIO], thursday), sp('2026-11-26T10:01:00'), SP, announcedAna)?.at).toEqual(announcedAna.at);
    // Nothing announced yet, or the last announcement before this shift: the schedule's hand-off.
    expect(handoffToAnnounce(reset, sp('2026-11-26T10:01:00'), SP, undefined)?.at).toEqual(sp('2026-11-23T09:00:00'));
    expect(handoffToAnnounce(schedule([ANA, BRUNO], wednesday), sp('2026-11-30T09:00:00'), SP, announcedAna)).toMatchObject({ at: sp('2026-11-30T09:00:00'), from: { userId: ANA }, to: { userId: BRUNO } });
  });

  it('leaves an override\'s hand-off alone', () => {
    const s = schedule([ANA, BRUNO], wednesday, [override(1, CAIO, sp('2026-11-26T10:00:00'), DAY)]);
    const announced = { at: sp('2026-11-26T10:00:00'), userId: CAIO };
    expect(handoffToAnnounce(s, sp('2026-11-26T11:00:00'), SP, announced)?.at).toEqual(announced.at);
  });
});

describe('hand-off messages', () => {
  const criticalAlert = (id: number, status: 'open' | 'acknowledged', channel: string | null): AlertRecord => {
    const view = alertOfKind('low_stock', { id, severity: 'critical', status, acknowledgedBy: status === 'acknowledged' ? ANA : null });
    return { view, fingerprint: `low_stock:${id}`, subjectId: id, channel, messageTs: null, groupId: null, verifyResolution: false, lastRemindedAt: null };
  };

  it('say who, until when, from whom and how many critical alerts, in both languages', () => {
    const listed = [criticalAlert(7, 'open', 'C0STOCK001'), criticalAlert(8, 'acknowledged', 'C0STOCK001')];
    const handoff: HandoffAnnouncement = {
      at: sp('2026-11-30T09:00:00'),
      to: { userId: BRUNO, source: 'rotation' },
      from: { userId: ANA, source: 'rotation' },
      until: sp('2026-12-07T09:00:00'),
      critical: { total: 2, listed },
    };
    const en = createI18n('en', SP);
    const pt = createI18n('pt-BR', SP);
    const note = renderHandoffNote(en, handoff);
    expect(JSON.stringify(note.blocks)).toContain(`*On call now:* <@${BRUNO}> (until ${en.dateTime(handoff.until!)}), taking over from <@${ANA}>; 2 critical alerts open`);
    expect(note.text).toBe(`On call now: <@${BRUNO}> (until ${en.dateTime(handoff.until!)}), taking over from <@${ANA}>; 2 critical alerts open`);
    expect(JSON.stringify(renderHandoffNote(pt, handoff).blocks)).toContain(
      `*De plantão agora:* <@${BRUNO}> (até ${pt.dateTime(handoff.until!)}), no lugar de <@${ANA}>; 2 alertas críticos abertos`,
    );
    const first = renderHandoffNote(en, { ...handoff, from: undefined, until: null, critical: { total: 0, listed: [] } });
    expect(first.text).toBe(`On call now: <@${BRUNO}>; no critical alerts open`);

    const dm = JSON.stringify(renderHandoffDm(en, handoff).blocks);
    expect(dm).toContain(`You are on call now (until ${en.dateTime(handoff.until!)}), taking over from <@${ANA}>.`);
    expect(dm).toContain('2 critical alerts are open:');
    expect(dm).toContain('*#7*');
    expect(dm).toContain(`*#8*`);
    expect(dm).toContain(`acknowledged by <@${ANA}>`);
    expect(dm).toContain('in <#C0STOCK001>');
    const ptDm = JSON.stringify(renderHandoffDm(pt, handoff).blocks);
    expect(ptDm).toContain('Você está de plantão agora');
    expect(ptDm).toContain('2 alertas críticos estão abertos:');
  });

  it('list at most 20 alerts in the DM and count the rest, within Block Kit limits', () => {
    const listed = Array.from({ length: 25 }, (_, i) => criticalAlert(i + 1, 'open', 'C0STOCK001'));
    const dm = renderHandoffDm(createI18n('en', SP), {
      at: sp('2026-11-30T09:00:00'),
      to: { userId: CAIO, source: 'override' },
      from: undefined,
      until: null,
      critical: { total: 5_000, listed },
    });
    expect(validateBlocks(dm.blocks, 'message')).toEqual([]);
    const text = JSON.stringify(dm.blocks);
    expect(text).toContain('*#20*');
    expect(text).not.toContain('*#21*');
    expect(text).toContain('…and 4,980 more: `/alerts list` shows them all.');
    expect(text).toContain(`You are on call now.`);
  });
});

describeEachDatabase('hand-off announcement', (ctx) => {
  let fake: FakeSlack;
  const bots: TestBot[] = [];
  const start = async (clock: FakeClock, env: Record<string, string> = {}, schedule = false) => {
    const bot = await startTestBot(ctx.db, { fake, clock, schedule, env: { DIGEST_CHANNEL: DIGEST, STOCK_CHANNEL: 'C0STOCK001', ...env } });
    bots.push(bot);
    return bot;
  };
  const stop = async (bot: TestBot) => {
    bots.splice(bots.indexOf(bot), 1);
    await bot.stop();
  };
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => fake.reset());
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.stop()));
  });

  const settle = (db: Database) => expect.poll(() => db.prisma.outboxMessage.count({ where: { status: 'pending' } }), { timeout: 10_000 }).toBe(0);
  const notes = () => fake.messages(DIGEST).map((m) => String(m.text));
  const dmRows = () => ctx.db.prisma.outboxMessage.findMany({ where: { key: { endsWith: ':dm' } }, orderBy: { id: 'asc' } });
  const runs = async () => (await ctx.db.prisma.handoffRun.findMany({ orderBy: { handoffAt: 'asc' } })).map((r) => [r.handoffAt.toISOString(), r.previousUserId, r.userId]);

  it('is announced once per hand-off, with two job runs and across a restart, and audited', async () => {
    const clock = new FakeClock(sp('2026-11-25T12:00:00'));
    const first = await start(clock);
    await seed(ctx.db, 'products', [{ sku: 'CAFE-1', name: 'Café', stock: 0, min_stock: 10 }]);
    await first.runWatchCycle();
    await setRotation(first.deps, ADMIN, [ANA, BRUNO]);

    // Ana's first shift (from Monday 09:00, set on Wednesday): announced by the first run only.
    expect(await first.runHandoff()).toBe(true);
    expect(await first.runHandoff()).toBe(true);
    await settle(ctx.db);
    expect(notes()).toEqual([`On call now: <@${ANA}> (until ${first.deps.i18n.dateTime(sp('2026-11-30T09:00:00'))}); 1 critical alert open`]);

    // Monday 09:00: Bruno takes over from Ana. A restart in between changes nothing.
    clock.set(sp('2026-11-30T08:59:00'));
    expect(await first.runHandoff()).toBe(true);
    await stop(first);
    clock.set(sp('2026-11-30T09:00:00'));
    const second = await start(clock);
    expect(await second.runHandoff()).toBe(true);
    await stop(second);
    const third = await start(clock);
    expect(await third.runHandoff()).toBe(true);
    await settle(ctx.db);
    expect(notes()).toHaveLength(2);
    expect(notes()[1]).toBe(`On call now: <@${BRUNO}> (until ${third.deps.i18n.dateTime(sp('2026-12-07T09:00:00'))}), taking over from <@${ANA}>; 1 critical alert open`);
    expect(await runs()).toEqual([
      [sp('2026-11-23T09:00:00').toISOString(), null, ANA],
      [sp('2026-11-30T09:00:00').toISOString(), ANA, BRUNO],
    ]);

    // The DMs: one per hand-off, addressed by user ID (the outbox opens the DM), listing the alert.
    const dms = await dmRows();
    expect(dms.map((r) => r.channel)).toEqual([ANA, BRUNO]);
    const alert = await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'CAFE-1' } });
    const dm = JSON.stringify(dms[1]!.payload);
    expect(dm).toContain(`taking over from <@${ANA}>`);
    expect(dm).toContain('1 critical alert is open:');
    expect(dm).toContain(`*#${alert.id}* CAFE-1`);
    expect(dm).toContain('in <#C0STOCK001>');
    // …and sent: the outbox opened each person's DM (conversations.open) and posted there once.
    expect(await ctx.db.prisma.outboxMessage.count({ where: { key: { endsWith: ':dm' }, status: 'sent' } })).toBe(2);
    expect(fake.dmMessages(ANA)).toHaveLength(1);
    expect(fake.dmMessages(BRUNO).map((m) => m.text)).toEqual([`You are on call now (until ${third.deps.i18n.dateTime(sp('2026-12-07T09:00:00'))}), taking over from <@${ANA}>. 1 critical alert is open:`]);

    const audits = await ctx.db.prisma.auditEvent.findMany({ where: { action: 'oncall.handoff' }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => [a.actor, a.target, a.outcome])).toEqual([
      ['system', ANA, 'ok'],
      ['system', BRUNO, 'ok'],
    ]);
    expect(audits[1]!.details).toMatchObject({ at: sp('2026-11-30T09:00:00').toISOString(), from: ANA, criticalOpen: 1, source: 'rotation' });
  });

  it('announces a rotation set again mid-week that puts someone else on call, once; not one that keeps the same person', async () => {
    const clock = new FakeClock(sp('2026-11-25T12:00:00'));
    const bot = await start(clock);
    await setRotation(bot.deps, ADMIN, [ANA, BRUNO]);
    expect(await bot.runHandoff()).toBe(true);
    clock.set(sp('2026-11-26T10:00:00'));
    await setRotation(bot.deps, ADMIN, [CAIO, ANA]);
    clock.set(sp('2026-11-26T10:01:00'));
    expect(await bot.runHandoff()).toBe(true);
    expect(await bot.runHandoff()).toBe(true);
    clock.set(sp('2026-11-26T11:00:00'));
    await setRotation(bot.deps, ADMIN, [CAIO, BRUNO]);
    expect(await bot.runHandoff()).toBe(true);
    expect(await runs()).toEqual([
      [sp('2026-11-23T09:00:00').toISOString(), null, ANA],
      [sp('2026-11-26T10:00:00').toISOString(), ANA, CAIO],
    ]);
    await settle(ctx.db);
    expect(notes()[1]).toBe(`On call now: <@${CAIO}> (until ${bot.deps.i18n.dateTime(sp('2026-11-30T09:00:00'))}), taking over from <@${ANA}>; no critical alerts open`);
    expect(fake.dmMessages(CAIO)).toHaveLength(1);
  });

  it('announces a hand-off missed while down when back, if still that shift; an override is a hand-off too', async () => {
    // The rotation is set on Wednesday while the bot is down, and it stays down until the next
    // Tuesday 14:00 (Bruno's week): started with its schedule, its start-up run announces Bruno's
    // hand-off of Monday 09:00, not Ana's shift that is over.
    const clock = new FakeClock(sp('2026-11-25T12:00:00'));
    await setRotation(makeTestDeps(ctx.db, { clock }), ADMIN, [ANA, BRUNO]);
    clock.set(sp('2026-12-01T14:00:00'));
    const back = await start(clock, {}, true);
    await expect.poll(async () => (await runs()).length, { timeout: 10_000 }).toBe(1);
    expect(await runs()).toEqual([[sp('2026-11-30T09:00:00').toISOString(), ANA, BRUNO]]);
    await stop(back);

    // Caio covers for a day from 15:00; the bot is down when it ends, and back after the next
    // Monday's hand-off: the end of the override is no longer anyone's shift, Ana's Monday is.
    clock.set(sp('2026-12-01T15:00:00'));
    const again = await start(clock);
    await addOverride(again.deps, ADMIN, { userId: CAIO, durationMs: DAY });
    expect(await again.runHandoff()).toBe(true);
    await stop(again);
    clock.set(sp('2026-12-07T10:00:00'));
    const later = await start(clock);
    expect(await later.runHandoff()).toBe(true);
    expect(await runs()).toEqual([
      [sp('2026-11-30T09:00:00').toISOString(), ANA, BRUNO],
      [sp('2026-12-01T15:00:00').toISOString(), BRUNO, CAIO],
      [sp('2026-12-07T09:00:00').toISOString(), BRUNO, ANA],
    ]);
    await settle(ctx.db);
    expect(notes().filter((n) => n.includes(`<@${CAIO}> (override)`))).toHaveLength(1);
  });

  it('keeps Monday 09:00 across a daylight-saving change and a week boundary', async () => {
    // New York: clocks go forward on Sunday 2037-03-08.
    const clock = new FakeClock('2037-03-04T15:00:00Z');
    const bot = await start(clock, { BOT_TIMEZONE: NY });
    await setRotation(bot.deps, ADMIN, [ANA, BRUNO]);
    for (const iso of ['2037-03-04T15:00:00Z', '2037-03-09T12:59:00Z', '2037-03-09T13:00:00Z', '2037-03-09T14:00:00Z']) {
      clock.set(iso);
      expect(await bot.runHandoff()).toBe(true);
    }
    expect(await runs()).toEqual([
      ['2037-03-02T14:00:00.000Z', null, ANA],
      ['2037-03-09T13:00:00.000Z', ANA, BRUNO],
    ]);
  });

  it('is printed in local mode: the note and the DM', async () => {
    const clock = new FakeClock(sp('2026-11-25T12:00:00'));
    // A database with data: local mode loads no demo data into it.
    await seed(ctx.db, 'products', [{ sku: 'CAFE-1', name: 'Café', stock: 40, min_stock: 10 }]);
    const bot = await startTestBot(ctx.db, { clock });
    bots.push(bot);
    await setRotation(bot.deps, ADMIN, [ANA, BRUNO]);
    expect(await bot.runHandoff()).toBe(true);
    // Two channels, two workers: either may print first.
    await expect.poll(() => bot.output().includes('You are on call now') && bot.output().includes('#digest · new message'), { timeout: 10_000 }).toBe(true);
    // Ana is one of the console's demo people (@ana); Bruno is not, so he stays a user ID.
    expect(bot.output()).toContain('📟 On call now: @ana (until');
    expect(bot.output()).toMatch(/@ana · new message ──\n[^─]*You are on call now/);
  });
});

describeOnServer('hand-off with two instances on one database', () => {
  let server: TestDatabase;
  let second: Database;
  beforeEach(async () => {
    server = await createServerTestDatabase();
    second = databaseFromUrl(server.url!);
  });
  afterEach(async () => {
    await second.close();
    await server.close();
  });

  it('queues one announcement when both instances take the same hand-off at once', async () => {
    const clock = new FakeClock(sp('2026-11-30T09:00:00'));
    const env = { DIGEST_CHANNEL: DIGEST };
    const a = makeTestDeps(server.db, { env, clock });
    const b = makeTestDeps(second, { env, clock });
    await setRotation({ ...a, clock: new FakeClock(sp('2026-11-25T12:00:00')) }, ADMIN, [ANA, BRUNO]);
    // Past the scheduler's claim on purpose: the handoff_runs row alone must keep it to one.
    for (let round = 0; round < 3; round++) {
      const outcomes = await Promise.all([postHandoff(a), postHandoff(b)]);
      expect(outcomes.filter((o) => o.status === 'announced')).toHaveLength(round === 0 ? 1 : 0);
    }
    expect(await server.db.prisma.handoffRun.count()).toBe(1);
    expect((await server.db.prisma.outboxMessage.findMany({ select: { key: true, channel: true }, orderBy: { id: 'asc' } })).map((r) => [r.key, r.channel])).toEqual([
      [`handoff:${sp('2026-11-30T09:00:00').toISOString()}:note`, DIGEST],
      [`handoff:${sp('2026-11-30T09:00:00').toISOString()}:dm`, BRUNO],
    ]);
  });
});
