// Fifty signed slash commands at once against one running bot over real HTTP. Slack's contract:
// each is acknowledged within 3 seconds. The bot answers in the acknowledgement itself, or — when
// the work takes longer than its budget (ACK_BUDGET_MS), as may happen when the single-connection
// embedded database serializes 50 commands — acknowledges with "working on it" and sends the answer
// to the command's response_url. Either way every request must get its real answer.
import { beforeEach, expect, it } from 'vitest';
import { setRotation } from '../../src/domain/oncall/set-rotation.js';
import { seedCoffeeAndRice } from '../support/seed.js';
import { useSlackBot } from '../support/slack-bot.js';
import { sendSlashCommand, type SlackHttpResponse } from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

/** Slack's contract: a slash command not acknowledged within 3 s shows the user an error. */
const SLACK_ACK_WINDOW_MS = 3_000;
const ANA = 'U0ANA0001';

interface Case {
  command: string;
  text: string;
  /** what the answer must contain */
  expected: string[];
}

const CASES: Case[] = [
  { command: '/stock', text: 'list', expected: ['CAFE-500', 'ARROZ-5KG'] },
  { command: '/oncall', text: 'who', expected: [`<@${ANA}>`] },
  { command: '/alerts', text: 'list', expected: ['CAFE-500'] },
  // invalid: each gets the problem and the usage, and changes nothing
  { command: '/stock', text: 'restock CAFE-500 dez', expected: ['QTY `dez`', '/stock restock SKU QTY [note]'] },
  { command: '/oncall', text: 'set', expected: ['Missing @user', '/oncall set @a @b …'] },
  { command: '/alerts', text: 'ack banana', expected: ['/alerts ack'] },
  { command: '/oncall', text: 'frobnicate', expected: ['`frobnicate` is not a /oncall command'] },
];
const INVALID = CASES.slice(3);

/** 50 requests: the three read commands interleaved, every tenth one invalid (5 in all). */
const MIX = Array.from({ length: 50 }, (_, i) => (i % 10 === 9 ? INVALID[Math.floor(i / 10) % INVALID.length]! : CASES[i % 3]!));

interface Answer {
  body?: { response_type?: string; text?: string; blocks?: unknown[] };
}

const contentOf = (answer: Answer['body']) => `${answer?.text ?? ''}\n${JSON.stringify(answer?.blocks ?? [])}`;

describeEachDatabase('50 concurrent slash commands', (ctx) => {
  const slack = useSlackBot(ctx, { clock: false });

  // Not in beforeAll: describeEachDatabase empties every table before each test.
  beforeEach(async () => {
    await seedCoffeeAndRice(ctx.db);
    await setRotation({ db: ctx.db, i18n: slack.bot.deps.i18n, clock: slack.bot.clock }, { userId: 'local', local: true }, [ANA]);
    expect(await slack.bot.runWatchCycle()).toBe(true); // opens the low-stock alert that /alerts list shows
  });

  it('acknowledges every one within 3 s, and each gets its answer', async () => {
    expect(MIX.filter((c) => INVALID.includes(c))).toHaveLength(5);
    const working = slack.bot.deps.i18n.t('reply.working');
    const stockBefore = await ctx.db.prisma.stockMovement.count();
    const responseUrls = MIX.map(() => slack.fake.responseUrl());
    const acks: (SlackHttpResponse | Error)[] = await Promise.all(
      MIX.map((c, i) =>
        sendSlashCommand(
          slack.bot.baseUrl,
          TEST_SIGNING_SECRET,
          { command: c.command, text: c.text, user_id: `U0CONC${String(i).padStart(3, '0')}`, response_url: responseUrls[i] },
          // Slack gives up after 3 s: a later acknowledgement is aborted here and reported below.
          { timeoutMs: SLACK_ACK_WINDOW_MS },
        ).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      ),
    );

    const problems: string[] = [];
    await Promise.all(
      acks.map(async (ack, i) => {
        const c = MIX[i]!;
        const what = `#${i} ${c.command} ${c.text}`;
        if (ack instanceof Error) return void problems.push(`${what}: not acknowledged within ${SLACK_ACK_WINDOW_MS} ms (${ack.message})`);
        if (ack.status !== 200) return void problems.push(`${what}: HTTP ${ack.status}`);
        const body = ack.json as Answer['body'];
        if (body?.response_type !== 'ephemeral' || !body.text?.trim()) return void problems.push(`${what}: an empty or public acknowledgement: ${ack.body.slice(0, 200)}`);
        // The answer itself: in the acknowledgement, or — after "working on it" — at the response_url.
        const answer = body.text === working ? ((await slack.fake.waitForResponse(responseUrls[i]!, 10_000)).body as Answer['body']) : body;
        for (const expected of c.expected) if (!contentOf(answer).includes(expected)) problems.push(`${what}: the answer lacks ${expected}`);
      }),
    );
    expect(problems).toEqual([]);
    // The invalid ones wrote nothing.
    expect(await ctx.db.prisma.stockMovement.count()).toBe(stockBefore);
    expect((await ctx.db.prisma.onCallMember.findMany()).map((m) => m.userId)).toEqual([ANA]);
  });
});
