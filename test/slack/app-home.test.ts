// The App Home end to end: signed app_home_opened events and Home button clicks over real HTTP to
// the real bot, views.publish to the fake Slack (which refuses a view breaking Block Kit limits).
import { beforeEach, describe, expect, it } from 'vitest';
import { HOME_ACTIONS } from '../../src/blocks/action-ids.js';
import { renderAlertMessage } from '../../src/blocks/alerts/render-alert.js';
import { ALERT_BLOCKS_MAX, HOME_PAGE_SIZE, PAGED_SHOWN, renderHome } from '../../src/blocks/home/render-home.js';
import type { Database } from '../../src/db/database.js';
import { loadAlerts } from '../../src/domain/alerts/alert-record.js';
import type { AlertKind, AlertStatus, AlertView } from '../../src/domain/alerts/alert-types.js';
import { setRotation } from '../../src/domain/oncall/set-rotation.js';
import { createI18n } from '../../src/i18n/index.js';
import { allAlertFixtures, manyAlerts } from '../support/alert-fixtures.js';
import { LIMITS, validateView } from '../support/block-kit-limits.js';
import type { JsonObject } from '../support/fake-slack.js';
import { useSlackBot } from '../support/slack-bot.js';
import { appHomeOpenedEvent, blockActionPayload, sendBlockAction, sendEvent, sendSlashCommand } from '../support/slack-requests.js';
import { startTestBot, TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const ADMIN = 'U0ADMIN01';
const STOCK_CLERK = 'U0STOCK01';
const FINANCE_CLERK = 'U0FINANCE';
const FINANCE_GROUP = 'S0FINANCE1';
const OUTSIDER = 'U0OUTSIDE';
const ANA = 'U0ANA0001';
const KINDS: AlertKind[] = ['low_stock', 'unpaid_order', 'missing_documents'];

interface Block {
  type: string;
  text?: { text: string };
  elements?: { type: string; text?: string | { text: string }; action_id?: string; value?: string }[];
}

/** Writes alerts as the reconciler would leave them; `openedAt` spreads them one minute apart. */
async function insertAlerts(db: Database, alerts: AlertView[], base: Date, statuses: AlertStatus[] = ['open', 'acknowledged', 'snoozed']): Promise<void> {
  await db.prisma.alert.createMany({
    data: alerts.map((a, i) => {
      const status = statuses[i % statuses.length]!;
      const openedAt = new Date(base.getTime() + i * 60_000);
      return {
        kind: a.kind,
        fingerprint: `${a.kind}:${a.subject.toLowerCase()}`,
        subjectId: i + 1,
        subject: a.subject,
        severity: a.severity,
        status,
        details: a.details as unknown as object,
        openedAt,
        lastChangedAt: openedAt,
        ...(status === 'acknowledged' ? { acknowledgedAt: openedAt, acknowledgedBy: ANA } : {}),
        ...(status === 'snoozed' ? { snoozedAt: openedAt, snoozedBy: ANA, snoozedUntil: new Date(base.getTime() + 86_400_000 * 3) } : {}),
        ...(status === 'resolved' ? { resolvedAt: openedAt, resolvedBy: ANA } : {}),
      };
    }),
  });
}

const blocksOf = (view: JsonObject | undefined) => (view?.blocks ?? []) as Block[];
const textOf = (view: JsonObject | undefined) => JSON.stringify(blocksOf(view));
/** Alert numbers in the order the Home shows them (each alert's context line starts with `#id · `). */
const alertIdsOn = (view: JsonObject | undefined) =>
  blocksOf(view).flatMap((b) => {
    const first = b.type === 'context' ? b.elements?.[0]?.text : undefined;
    const match = typeof first === 'string' ? /^#(\d+) · /.exec(first) : null;
    return match ? [Number(match[1])] : [];
  });
const pagingButtons = (view: JsonObject | undefined) =>
  blocksOf(view)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.action_id === HOME_ACTIONS.previousPage || e.action_id === HOME_ACTIONS.nextPage);

describe('App Home block budget', () => {
  it('every alert message fits the per-alert budget the page size is computed from', () => {
    for (const { name, alert } of allAlertFixtures()) {
      for (const locale of ['en', 'pt-BR'] as const) {
        const blocks = renderAlertMessage(createI18n(locale, 'America/Sao_Paulo'), alert).blocks;
        expect(blocks.length, `${name} (${locale})`).toBeLessThanOrEqual(ALERT_BLOCKS_MAX);
      }
    }
    expect(HOME_PAGE_SIZE).toBeGreaterThanOrEqual(10);
  });

  it('a full page of three kinds under more paged alerts than are shown stays a valid view', () => {
    const i18n = createI18n('pt-BR', 'America/Sao_Paulo');
    const third = Math.ceil(HOME_PAGE_SIZE / 3);
    const page = [...manyAlerts(third, 'low_stock', 1000), ...manyAlerts(third, 'unpaid_order', 2000), ...manyAlerts(HOME_PAGE_SIZE - 2 * third, 'missing_documents', 3000)];
    const paged = manyAlerts(PAGED_SHOWN + 2, 'low_stock', 5000).map((alert, i) => ({ alert, level: 1 + (i % 3), at: new Date('2037-11-25T15:00:00Z') }));
    const view = renderHome(i18n, {
      alerts: { alerts: page, countsByKind: { low_stock: 100, unpaid_order: 100, missing_documents: 100 }, total: 300, page: 1, pageSize: HOME_PAGE_SIZE, pages: 30 },
      onCall: { current: { userId: ANA, source: 'rotation' }, until: new Date('2037-11-30T12:00:00Z'), next: { userId: ADMIN, source: 'rotation' }, activeOverrides: [], rotation: [ANA, ADMIN] },
      paged: { alerts: paged.slice(0, PAGED_SHOWN), total: paged.length },
      now: new Date('2037-11-25T15:00:00Z'),
    });
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain('…e mais 2 acionados para você');
  });
});

describeEachDatabase('App Home', (ctx) => {
  // HR_TEAM unset: everyone may act on admission alerts.
  const env = { STOCK_TEAM: STOCK_CLERK, FINANCE_TEAM: FINANCE_GROUP, ADMIN_USERS: ADMIN };
  const slack = useSlackBot(ctx, {
    env,
    fakeOptions: { usergroups: { [FINANCE_GROUP]: [FINANCE_CLERK] } },
    clock: false,
  });
  let base: Date;

  beforeEach(() => {
    base = new Date(slack.bot.clock.now().getTime() - 30 * 86_400_000);
  });

  /** Opens the Home tab as `user` and resolves with the view Slack then shows. */
  async function openHome(user: string): Promise<JsonObject> {
    const before = slack.fake.callsTo('views.publish').length;
    const res = await sendEvent(slack.bot.baseUrl, TEST_SIGNING_SECRET, appHomeOpenedEvent(user));
    expect(res.status).toBe(200);
    return latestHome(user, before);
  }

  /** The first Home published for `user` after the first `publishedBefore` publishes. */
  async function latestHome(user: string, publishedBefore: number): Promise<JsonObject> {
    const call = await slack.fake.waitUntil(
      () => slack.fake.callsTo('views.publish').slice(publishedBefore).find((c) => c.body.user_id === user),
      5_000,
      () => `no views.publish for ${user}`,
    );
    expect(validateView(call.body.view)).toEqual([]);
    const home = slack.fake.homeOf(user);
    expect(home, 'the fake Slack refused the view').toBeDefined();
    return home!;
  }

  async function click(user: string, home: JsonObject, actionId: string, value: string): Promise<JsonObject> {
    const before = slack.fake.callsTo('views.publish').length;
    const payload = blockActionPayload({ actionId, value, userId: user, view: { id: home.id, type: 'home' } });
    expect((await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload)).status).toBe(200);
    return latestHome(user, before);
  }

  async function openViews(ids: number[]): Promise<AlertView[]> {
    const records = await loadAlerts(ctx.db.prisma, ids);
    return ids.map((id) => records.get(id)!.view);
  }

  it('with nothing to do, says so kindly — and still shows who is on call', async () => {
    const home = await openHome(STOCK_CLERK);
    expect(home.type).toBe('home');
    expect(textOf(home)).toContain('Nothing needs you now');
    expect(textOf(home)).toContain('No open alerts for your teams');
    expect(textOf(home)).toContain('Nobody is on call');
    expect(pagingButtons(home)).toEqual([]);
  });

  it('shows one alert with the same blocks and buttons as its channel message, and who is on call', async () => {
    await insertAlerts(ctx.db, manyAlerts(1, 'low_stock'), base, ['open']);
    await setRotation({ db: ctx.db, i18n: slack.bot.deps.i18n, clock: slack.bot.clock }, { userId: ADMIN }, [ANA]);
    const home = await openHome(STOCK_CLERK);
    const [alert] = await openViews(alertIdsOn(home));
    expect(alert).toBeDefined();
    const blocks = blocksOf(home);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '1 alert needs you' } });
    expect(textOf(home)).toContain(`*On call now:* <@${ANA}>`);
    const own = JSON.parse(JSON.stringify(renderAlertMessage(slack.bot.deps.i18n, alert!).blocks)) as Block[];
    const start = blocks.findIndex((b) => JSON.stringify(b) === JSON.stringify(own[0]));
    expect(blocks.slice(start, start + own.length)).toEqual(own);
    expect(blocks[start + own.length]).toEqual({ type: 'divider' });
    expect(own.at(-1)?.type).toBe('actions'); // the buttons came along
    expect(pagingButtons(home)).toEqual([]);
  });

  it('ignores the Messages tab', async () => {
    const res = await sendEvent(slack.bot.baseUrl, TEST_SIGNING_SECRET, { ...appHomeOpenedEvent(STOCK_CLERK), tab: 'messages' });
    expect(res.status).toBe(200);
    // The Home tab opened right after: once its view is published, the Messages tab's would have been too.
    await openHome(ADMIN);
    expect(slack.fake.callsTo('views.publish').map((c) => c.body.user_id)).toEqual([ADMIN]);
  });

  it('shows each person only the kinds their team owns (admins all; an unset team means everyone), never resolved ones', async () => {
    await insertAlerts(ctx.db, KINDS.flatMap((kind, k) => manyAlerts(2, kind, 100 * (k + 1))), base);
    await insertAlerts(ctx.db, manyAlerts(2, 'low_stock', 900), base, ['resolved']);
    const kindsOn = async (user: string) => {
      const home = await openHome(user);
      const views = await openViews(alertIdsOn(home));
      return { kinds: [...new Set(views.map((v) => v.kind))], statuses: new Set(views.map((v) => v.status)), home };
    };
    expect((await kindsOn(ADMIN)).kinds).toEqual(KINDS);
    const stock = await kindsOn(STOCK_CLERK);
    expect(stock.kinds).toEqual(['low_stock', 'missing_documents']);
    expect(stock.statuses.has('resolved')).toBe(false);
    expect(blocksOf(stock.home)[0]?.text?.text).toBe('4 alerts need you');
    expect(textOf(stock.home)).toContain('Low stock: 2 · Missing admission documents: 2');
    expect((await kindsOn(FINANCE_CLERK)).kinds).toEqual(['unpaid_order', 'missing_documents']); // through the user group
    expect((await kindsOn(OUTSIDER)).kinds).toEqual(['missing_documents']);
  });

  it('pages 300 alerts: every page a valid view of at most 100 blocks, each alert exactly once, grouped by kind, oldest first', async () => {
    // A small middle kind puts all three groups on one page: the worst case for the block budget.
    // Page 11 starts 4 stock alerts before the 5 order alerts, and ends on admission alerts.
    const stock = HOME_PAGE_SIZE * 10 + 4;
    const alerts = [...manyAlerts(stock, 'low_stock', 1000), ...manyAlerts(5, 'unpaid_order', 2000), ...manyAlerts(300 - stock - 5, 'missing_documents', 3000)];
    // Inserted newest first, so "oldest first" is not simply insertion order.
    await insertAlerts(ctx.db, [...alerts].reverse(), base);
    await insertAlerts(ctx.db, manyAlerts(20, 'unpaid_order', 5000), base, ['resolved']);
    const expected = (await ctx.db.prisma.alert.findMany({ where: { status: { not: 'resolved' } }, orderBy: [{ openedAt: 'asc' }, { id: 'asc' }] }))
      .sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind))
      .map((a) => a.id);
    expect(expected).toHaveLength(300);

    const pages: JsonObject[] = [];
    let home = await openHome(ADMIN);
    for (;;) {
      pages.push(home);
      expect(blocksOf(home).length).toBeLessThanOrEqual(LIMITS.blocksPerView);
      const next = pagingButtons(home).find((b) => b.action_id === HOME_ACTIONS.nextPage);
      if (!next) break;
      expect(next.value).toBe(String(pages.length));
      home = await click(ADMIN, home, HOME_ACTIONS.nextPage, next.value!);
    }
    const pageCount = Math.ceil(300 / HOME_PAGE_SIZE);
    expect(pages).toHaveLength(pageCount);
    expect(pages.flatMap(alertIdsOn)).toEqual(expected);
    expect(textOf(pages[0])).toContain(`Page 1 of ${pageCount} · alerts 1–${HOME_PAGE_SIZE} of 300`);
    expect(pagingButtons(pages[0]).map((b) => b.action_id)).toEqual([HOME_ACTIONS.nextPage]);
    expect(pagingButtons(pages.at(-1)).map((b) => b.action_id)).toEqual([HOME_ACTIONS.previousPage]);
    expect(blocksOf(pages[0])[0]?.text?.text).toBe('300 alerts need you');
    // The page where the three groups meet has a heading for each.
    const threeGroups = pages.find((p) => KINDS.every((k) => textOf(p).includes(`*${slack.bot.deps.i18n.t(`alert.kind.${k}`)}*`)));
    expect(threeGroups).toBeDefined();

    // Previous goes back one page; a page past the end (alerts resolved meanwhile) shows the last.
    const back = await click(ADMIN, pages.at(-1)!, HOME_ACTIONS.previousPage, String(pageCount - 2));
    expect(alertIdsOn(back)).toEqual(alertIdsOn(pages.at(-2)));
    const beyond = await click(ADMIN, back, HOME_ACTIONS.nextPage, '999');
    expect(alertIdsOn(beyond)).toEqual(alertIdsOn(pages.at(-1)));
  });

  it('stays on the page the person was on when it refreshes after they act, and opens on the first page', async () => {
    await insertAlerts(ctx.db, manyAlerts(HOME_PAGE_SIZE * 3, 'low_stock'), base);
    const first = await openHome(ADMIN);
    const second = await click(ADMIN, first, HOME_ACTIONS.nextPage, '1');
    expect(alertIdsOn(second)).not.toEqual(alertIdsOn(first));
    const before = slack.fake.callsTo('views.publish').length;
    const res = await sendSlashCommand(slack.bot.baseUrl, TEST_SIGNING_SECRET, { command: '/oncall', text: `set <@${ANA}|ana>`, user_id: ADMIN });
    expect(res.status).toBe(200);
    const refreshed = await latestHome(ADMIN, before);
    expect(alertIdsOn(refreshed)).toEqual(alertIdsOn(second));
    expect(textOf(refreshed)).toContain(`*On call now:* <@${ANA}>`);
    expect(alertIdsOn(await openHome(ADMIN))).toEqual(alertIdsOn(first));
  });

  it('keeps that memory per running bot: another bot in the same process refreshes from the first page', async () => {
    await insertAlerts(ctx.db, manyAlerts(HOME_PAGE_SIZE * 3, 'low_stock'), base);
    const first = await openHome(ADMIN);
    expect(alertIdsOn(await click(ADMIN, first, HOME_ACTIONS.nextPage, '1'))).not.toEqual(alertIdsOn(first));
    const other = await startTestBot(ctx.db, { fake: slack.fake, env });
    try {
      const before = slack.fake.callsTo('views.publish').length;
      const res = await sendSlashCommand(other.baseUrl, TEST_SIGNING_SECRET, { command: '/oncall', text: `set <@${ANA}|ana>`, user_id: ADMIN });
      expect(res.status).toBe(200);
      expect(alertIdsOn(await latestHome(ADMIN, before))).toEqual(alertIdsOn(first));
    } finally {
      await other.stop();
    }
  });
});

describeEachDatabase('App Home in pt-BR', (ctx) => {
  const slack = useSlackBot(ctx, { env: { BOT_LOCALE: 'pt-BR' }, clock: false });

  it('speaks Portuguese, with its paging', async () => {
    await insertAlerts(ctx.db, manyAlerts(HOME_PAGE_SIZE + 1, 'unpaid_order'), new Date(slack.bot.clock.now().getTime() - 86_400_000));
    await sendEvent(slack.bot.baseUrl, TEST_SIGNING_SECRET, appHomeOpenedEvent(ANA));
    await slack.fake.waitForCalls('views.publish', 1);
    const home = slack.fake.homeOf(ANA);
    expect(blocksOf(home)[0]?.text?.text).toBe(`${HOME_PAGE_SIZE + 1} alertas precisam de você`);
    expect(textOf(home)).toContain('Ninguém está de plantão');
    expect(textOf(home)).toContain(`Página 1 de 2`);
    expect(textOf(home)).toContain('Próxima →');
  });
});
