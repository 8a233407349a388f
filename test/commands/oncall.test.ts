// `/oncall` through the one command router (as Slack and the console call it), on a real database.
import { beforeEach, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run-command.js';
import { LOCAL_ACTOR, type Actor } from '../../src/domain/actor.js';
import { setRotation } from '../../src/domain/oncall/set-rotation.js';
import { whoIsOnCall } from '../../src/domain/oncall/who-is-on-call.js';
import { createI18n } from '../../src/i18n/index.js';
import { FakeClock } from '../support/fake-clock.js';
import { describeEachDatabase } from '../support/test-database.js';
import { makeTestDeps, type TestDeps } from '../support/test-deps.js';

const ADMIN = 'U0ADMIN01';
const CLERK = 'U0CLERK01';
const [ANA, BRUNO, CAIO, DANI] = ['U0ANA0001', 'U0BRUNO01', 'U0CAIO001', 'U0DANI001'] as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Wednesday 2026-11-25, 12:00 in São Paulo: the hand-off weeks start Monday 23 and Monday 30. */
const WEDNESDAY = '2026-11-25T15:00:00Z';
const NEXT_HANDOFF = new Date('2026-11-30T12:00:00Z');

/** As Slack sends mentions with should_escape: true. */
const mention = (id: string, name = id.slice(2, 6).toLowerCase()) => `<@${id}|${name}>`;

describeEachDatabase('/oncall', (ctx) => {
  let deps: TestDeps;
  let clock: FakeClock;

  beforeEach(() => {
    clock = new FakeClock(WEDNESDAY);
    deps = makeTestDeps(ctx.db, { clock, env: { ADMIN_USERS: ADMIN } });
  });

  const run = async (text: string, actor: Actor = { userId: ADMIN }, d: TestDeps = deps) => {
    const reply = await runCommand(d, { command: '/oncall', text, actor });
    return { ...reply, all: `${reply.text}\n${JSON.stringify(reply.blocks)}` };
  };
  const rotation = async () => (await ctx.db.prisma.onCallMember.findMany({ orderBy: { position: 'asc' } })).map((m) => m.userId);
  const status = () => whoIsOnCall(deps);
  const when = (d: Date) => deps.i18n.dateTime(d);

  it('who, with nothing set, says nobody is on call and how to fix it — to anyone', async () => {
    const reply = await run('who', { userId: CLERK });
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.all).toContain('Nobody is on call');
    expect(reply.all).toContain('/oncall set @a @b');
  });

  it('set stores the ordered rotation from escaped mentions; position 0 covers this week, then the next', async () => {
    const reply = await run(`set ${mention(ANA, 'ana')} ${mention(BRUNO, 'bruno')} ${mention(CAIO)}`);
    expect(reply.all).toContain(`<@${ADMIN}> set the on-call rotation: <@${ANA}> → <@${BRUNO}> → <@${CAIO}>`);
    expect(reply.all).toContain(`*On call now:* <@${ANA}> until ${when(NEXT_HANDOFF)}`);
    expect(reply.all).toContain(`*Next:* <@${BRUNO}> from ${when(NEXT_HANDOFF)}`);
    expect(reply.all).toContain('hand-off every Monday at 09:00 (America/Sao_Paulo)');

    const rows = await ctx.db.prisma.onCallMember.findMany({ orderBy: { position: 'asc' } });
    expect(rows.map((r) => [r.position, r.userId, r.createdBy])).toEqual([
      [0, ANA, ADMIN],
      [1, BRUNO, ADMIN],
      [2, CAIO, ADMIN],
    ]);
    expect(rows.every((r) => r.createdAt.getTime() === clock.now().getTime())).toBe(true);
    expect(await ctx.db.prisma.auditEvent.findMany({ where: { action: 'oncall.set' }, select: { actor: true, outcome: true } })).toEqual([{ actor: ADMIN, outcome: 'ok' }]);

    // Week by week, cycling.
    const weekly: string[] = [];
    for (let week = 0; week < 5; week++) {
      weekly.push((await status()).current!.userId);
      clock.advance(7 * DAY);
    }
    expect(weekly).toEqual([ANA, BRUNO, CAIO, ANA, BRUNO]);
  });

  it('hands over exactly at Monday 09:00 in the bot time zone', async () => {
    await run(`set ${mention(ANA)} ${mention(BRUNO)}`);
    clock.set(new Date(NEXT_HANDOFF.getTime() - 1));
    expect((await status()).current?.userId).toBe(ANA);
    clock.set(NEXT_HANDOFF);
    const after = await status();
    expect(after).toMatchObject({ current: { userId: BRUNO }, until: new Date('2026-12-07T12:00:00Z'), next: { userId: ANA } });
  });

  it('set replaces the previous rotation as a whole', async () => {
    await run(`set ${mention(ANA)} ${mention(BRUNO)} ${mention(CAIO)}`);
    await run(`set ${mention(DANI)}`);
    expect(await rotation()).toEqual([DANI]);
    const reply = await run('who', { userId: CLERK });
    expect(reply.all).toContain(`*On call now:* <@${DANI}>`);
    expect(reply.all).not.toContain('*Next:*'); // one person: nobody else takes over
  });

  it('set by someone outside ADMIN_USERS is refused, says who can, records the refusal and writes nothing', async () => {
    await run(`set ${mention(ANA)}`);
    const reply = await run(`set ${mention(BRUNO)}`, { userId: CLERK });
    expect(reply.all).toContain('You are not allowed to change the on-call rotation');
    expect(reply.all).toContain(`<@${ADMIN}>`);
    expect(await rotation()).toEqual([ANA]);
    const refused = await ctx.db.prisma.auditEvent.findMany({ where: { outcome: 'refused' } });
    expect(refused).toMatchObject([{ actor: CLERK, action: 'oncall.set' }]);
    expect((await run(`override ${mention(BRUNO)} 2h`, { userId: CLERK })).all).toContain('You are not allowed');
    expect(await ctx.db.prisma.onCallOverride.count()).toBe(0);
  });

  it('set without ADMIN_USERS configured is open to anyone, and the local console always may', async () => {
    const open = makeTestDeps(ctx.db, { clock });
    await run(`set ${mention(ANA)}`, { userId: CLERK }, open);
    expect(await rotation()).toEqual([ANA]);
    await run(`set ${BRUNO} ${CAIO}`, LOCAL_ACTOR); // the console types bare IDs
    expect(await rotation()).toEqual([BRUNO, CAIO]);
  });

  it.each([
    ['set', 'Missing @user.'],
    [`set ${mention(ANA)} ${mention(BRUNO)} ${mention(ANA, 'ana.again')}`, 'is listed more than once'],
    [`set ${mention(ANA)} bruno`, '@user `bruno` must be a @mention of a person'],
    [`set ${mention(ANA)} <#C0STOCK|stock>`, 'must be a @mention'],
  ])('refuses `%s` with the problem and the usage, keeping the rotation', async (text, problem) => {
    await setRotation(deps, { userId: ADMIN }, [CAIO]);
    const reply = await run(text);
    expect(reply.all).toContain(problem);
    expect(reply.all).toContain('/oncall set @a @b …');
    expect(await rotation()).toEqual([CAIO]);
  });

  it('override puts someone on call from now for the duration, over the rotation, then the rotation resumes', async () => {
    await run(`set ${mention(ANA)} ${mention(BRUNO)}`);
    const reply = await run(`override ${mention(CAIO)} 4h`);
    const end = new Date(clock.now().getTime() + 4 * HOUR);
    expect(reply.all).toContain(`<@${ADMIN}> put <@${CAIO}> on call until ${when(end)}`);
    expect(reply.all).toContain(`*On call now:* <@${CAIO}> until ${when(end)} (override)`);
    expect(reply.all).toContain(`*Next:* <@${ANA}> from ${when(end)}`);
    expect(await ctx.db.prisma.onCallOverride.findMany({ select: { userId: true, startsAt: true, endsAt: true, createdBy: true } })).toEqual([
      { userId: CAIO, startsAt: clock.now(), endsAt: end, createdBy: ADMIN },
    ]);
    expect(await ctx.db.prisma.auditEvent.count({ where: { action: 'oncall.override', target: CAIO, outcome: 'ok' } })).toBe(1);

    clock.set(end);
    const who = await run('who', { userId: CLERK });
    expect(who.all).toContain(`*On call now:* <@${ANA}> until ${when(NEXT_HANDOFF)}`);
    expect(who.all).not.toContain('(override)');
  });

  it('the latest override wins while several overlap, and all active ones are listed', async () => {
    await run(`set ${mention(ANA)}`);
    await run(`override ${mention(CAIO)} 8h`);
    clock.advance(HOUR);
    await run(`override ${mention(DANI)} 2h`);
    const reply = await run('who', { userId: CLERK });
    const daniEnd = new Date(clock.now().getTime() + 2 * HOUR);
    expect(reply.all).toContain(`*On call now:* <@${DANI}> until ${when(daniEnd)} (override)`);
    expect(reply.all).toContain(`*Next:* <@${CAIO}> from ${when(daniEnd)} (override)`);
    expect(reply.all).toContain('*Active overrides*');
    expect(reply.text.indexOf(`<@${DANI}>, override until`)).toBeLessThan(reply.text.indexOf(`<@${CAIO}>, override until`));
  });

  it('override refuses more than 30 days (with the usage) and accepts exactly 30', async () => {
    const tooLong = await run(`override ${mention(CAIO)} 31d`);
    expect(tooLong.all).toContain('DURATION `31d` is too long');
    expect(tooLong.all).toContain('/oncall override @user DURATION');
    expect((await run(`override ${mention(CAIO)} 5w`)).all).toContain('is too long');
    expect((await run(`override ${mention(CAIO)} 1h30m`)).all).toContain('must be a duration');
    expect((await run(`override ${mention(CAIO)}`)).all).toContain('Missing DURATION');
    expect(await ctx.db.prisma.onCallOverride.count()).toBe(0);
    await run(`override ${mention(CAIO)} 30d`);
    expect(await ctx.db.prisma.onCallOverride.count()).toBe(1);
  });

  it('two admins setting the rotation at once: one wins whole, nothing mixed, no error', async () => {
    const admin = { userId: ADMIN };
    const results = await Promise.allSettled([
      setRotation(deps, admin, [ANA, BRUNO, CAIO]),
      setRotation(deps, admin, [DANI, CAIO]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect([[ANA, BRUNO, CAIO], [DANI, CAIO]]).toContainEqual(await rotation());
  });

  it('help explains the rotation rule, in both languages', async () => {
    const en = await run('help', { userId: CLERK });
    for (const verb of ['who', 'set @a @b …', 'override @user DURATION']) expect(en.all).toContain(`/oncall ${verb}`);
    expect(en.all).toContain('Hand-off every Monday at 09:00');
    const pt = makeTestDeps(ctx.db, { clock, env: { BOT_LOCALE: 'pt-BR' } });
    expect((await run('help', { userId: CLERK }, pt)).all).toContain('Troca toda segunda-feira às 09:00');
  });

  it('speaks pt-BR: De plantão agora, Próximo, Substituição até …', async () => {
    const pt = makeTestDeps(ctx.db, { clock, env: { BOT_LOCALE: 'pt-BR' } });
    const i18n = createI18n('pt-BR', 'America/Sao_Paulo');
    await run(`set ${mention(ANA)} ${mention(BRUNO)}`, { userId: ADMIN }, pt);
    const reply = await run(`override ${mention(CAIO)} 2h`, { userId: ADMIN }, pt);
    const end = i18n.dateTime(new Date(clock.now().getTime() + 2 * HOUR));
    expect(reply.all).toContain(`*De plantão agora:* <@${CAIO}> até ${end} (substituição)`);
    expect(reply.all).toContain(`*Próximo:* <@${ANA}> a partir de ${end}`);
    expect(reply.all).toContain(`substituição até ${end}`);
  });
});
