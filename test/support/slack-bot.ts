// One fake Slack and one real bot (HTTP mode against the fake) per suite, and small readers of
// what the bot answered.
//
//   describeEachDatabase('/stock', (ctx) => {
//     const slack = useSlackBot(ctx, { env: { STOCK_TEAM: CLERK }, now: '2037-11-28T18:00:00Z' });
//     it('…', async () => {
//       const reply = await slack.slash('/stock', 'list', CLERK);
//       expect(slack.fake.messages(STOCK)).toHaveLength(0);
//     });
//   });
//
// `fake` and `bot` exist only once the suite's beforeAll ran: read them inside hooks and tests,
// never when the suite is declared.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { FakeClock } from './fake-clock.js';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from './fake-slack.js';
import { sendSlashCommand } from './slack-requests.js';
import { startTestBot, TEST_SIGNING_SECRET, type TestBot } from './test-bot.js';
import type { DatabaseContext } from './test-database.js';

/**
 * Wednesday 2037-11-25, 12:00 in São Paulo: the clock's start when a suite names none. Later than
 * the real clock on purpose: the HTTP server refuses Slack requests whose (real) timestamp is ahead
 * of the bot's clock, so a business clock in the past would turn every signed request into a 401.
 */
export const DEFAULT_NOW = '2037-11-25T15:00:00Z';

export interface SlackBotOptions {
  /** the bot's environment, on top of the test defaults and the fake Slack's token and URL */
  env?: Record<string, string>;
  /** where the FakeClock starts, and is set back to before each test (ISO); DEFAULT_NOW if unset */
  now?: string;
  /** for startFakeSlack (user groups, tokens, …) */
  fakeOptions?: FakeSlackOptions;
  /**
   * false: no FakeClock of the suite's own; the bot keeps startTestBot's default (stopped at the
   * real time the bot started, never set back) and `now` is ignored. Default true.
   */
  clock?: boolean;
}

export interface SlackReply {
  response_type: string;
  text: string;
  blocks: unknown[];
  /** the fallback text and every text in the blocks, one per line */
  all: string;
}

export interface SlackHarness {
  readonly fake: FakeSlack;
  readonly bot: TestBot;
  /** the bot's clock (the suite's FakeClock, or with `clock: false` the bot's own) */
  readonly clock: FakeClock;
  /** a signed slash command; the answer from the acknowledgement (or its response_url when slow) */
  slash(command: string, text: string, userId: string): Promise<SlackReply>;
}

/**
 * Starts one fake Slack and one bot for the suite and stops both after it; after each test the
 * outbox is let finish, before each the fake is reset and the clock (unless `clock: false`) set back to `now`.
 */
export function useSlackBot(ctx: DatabaseContext, options: SlackBotOptions = {}): SlackHarness {
  const { env, fakeOptions } = options;
  const start = options.now ?? DEFAULT_NOW;
  const ownClock = options.clock === false ? undefined : new FakeClock(start);
  let fake: FakeSlack | undefined;
  let bot: TestBot | undefined;
  beforeAll(async () => {
    fake = await startFakeSlack(fakeOptions);
    bot = await startTestBot(ctx.db, { fake, env, clock: ownClock });
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });
  // A message still on its way when a test ends would land in the next test's fake (an update of a
  // message the reset fake no longer has would even be posted anew).
  afterEach(async () => {
    await bot?.outboxIdle();
  });
  beforeEach(() => {
    fake?.reset();
    ownClock?.set(start);
  });
  const harness: SlackHarness = {
    get fake() {
      if (!fake) throw new Error('the fake Slack is not started yet: read slack.fake inside hooks and tests');
      return fake;
    },
    get bot() {
      if (!bot) throw new Error('the bot is not started yet: read slack.bot inside hooks and tests');
      return bot;
    },
    get clock() {
      return ownClock ?? harness.bot.clock;
    },
    async slash(command, text, userId) {
      const responseUrl = harness.fake.responseUrl();
      const res = await sendSlashCommand(harness.bot.baseUrl, TEST_SIGNING_SECRET, { command, text, user_id: userId, response_url: responseUrl });
      expect(res.status).toBe(200);
      let body = res.json as Omit<SlackReply, 'all'>;
      // A slow database gets "working on it" in the ack and the answer at the response_url.
      if (!body.blocks) body = (await harness.fake.waitForResponse(responseUrl, 10_000)).body as Omit<SlackReply, 'all'>;
      return { ...body, all: textOf(body) };
    },
  };
  return harness;
}

/** Every `text` string inside a message, a view or a block list, in order. */
export function textOf(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (key === 'text' && typeof item === 'string') out.push(item);
        else walk(item);
      }
    }
  };
  walk(value);
  return out.join('\n');
}
