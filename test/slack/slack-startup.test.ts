// Start-up against Slack (issue 7, item 7): a token Slack refuses stops the start with one line
// naming SLACK_BOT_TOKEN (exit code 2); Slack unreachable does not stop it — the bot serves and
// watches, /healthz says "degraded", and Slack is retried with capped backoff until it answers.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { startupFailureLine } from '../../src/app/startup-failure.js';
import { ConfigError } from '../../src/config.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startLoggedBot, type LoggedBot } from '../support/logged-bot.js';
import { sendSlashCommand } from '../support/slack-requests.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

/** A port nothing listens on (until the test puts a proxy there). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Makes Slack reachable on `port`: a TCP relay to the fake. */
async function relay(port: number, fake: FakeSlack): Promise<Server> {
  const target = Number(new URL(fake.url).port);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

/** A sleep the test releases by hand, recording each requested delay. */
function manualSleep() {
  const waits: { ms: number; release: () => void }[] = [];
  return {
    waits,
    sleep: (ms: number) => new Promise<void>((resolve) => waits.push({ ms, release: resolve })),
    /** waits until the retry loop sleeps for the `n`-th time, then returns that wait */
    nth: async (n: number) => {
      await vi.waitFor(() => expect(waits.length).toBeGreaterThanOrEqual(n), { timeout: 5_000, interval: 10 });
      return waits[n - 1]!;
    },
  };
}

const healthOf = async (bot: LoggedBot) => {
  const res = await fetch(`${bot.baseUrl}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describeEachDatabase('start-up against Slack', (ctx) => {
  let fake: FakeSlack;
  let bot: LoggedBot | undefined;
  let proxy: Server | undefined;

  beforeEach(async () => {
    fake = await startFakeSlack();
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    proxy?.close();
    proxy = undefined;
    await fake.close();
  });

  it.each(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked'])(
    'stops on %s with one line naming SLACK_BOT_TOKEN (exit code 2)',
    async (code) => {
      fake.failNext('auth.test', 1, { error: code });
      const error = await startLoggedBot(ctx.db, { apiUrl: fake.apiUrl }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      const line = startupFailureLine(error, 3000);
      expect(line).toMatch(new RegExp(`^Configuration error: Slack refused SLACK_BOT_TOKEN \\(${code}\\): [^\\n]+$`));
      expect(line).not.toContain(TEST_BOT_TOKEN);
    },
  );

  it('keeps serving while Slack is unreachable, retries with capped backoff, and connects when it answers', async () => {
    const port = await closedPort();
    const retry = manualSleep();
    bot = await startLoggedBot(ctx.db, { apiUrl: `http://127.0.0.1:${port}/api/`, slackRetry: { sleep: retry.sleep, firstDelayMs: 1_000, maxDelayMs: 4_000 } });

    expect(await healthOf(bot)).toEqual({ status: 200, body: expect.objectContaining({ status: 'degraded', db: 'ok', mode: 'http', slack: 'connecting' }) });
    const early = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { command: '/stock', text: 'list' });
    expect(early.status).toBe(503);
    // The rest of the bot works meanwhile: a watch cycle runs.
    expect(await bot.runWatchCycle()).toBe(true);

    // Still unreachable: the waits double up to the cap.
    for (let n = 1; n <= 3; n++) (await retry.nth(n)).release();
    const fourth = await retry.nth(4);
    expect(retry.waits.map((w) => w.ms)).toEqual([1_000, 2_000, 4_000, 4_000]);
    expect((await healthOf(bot)).body.slack).toBe('connecting');

    proxy = await relay(port, fake);
    fourth.release();
    await expect(bot.slackConnected).resolves.toBe(true);
    expect(await healthOf(bot)).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok', slack: 'ok' }) });
    const answer = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { command: '/stock', text: 'list' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ response_type: 'ephemeral' });
  });

  it('gives up with the same line when Slack, reached at last, refuses the token', async () => {
    const port = await closedPort();
    const retry = manualSleep();
    bot = await startLoggedBot(ctx.db, { apiUrl: `http://127.0.0.1:${port}/api/`, slackRetry: { sleep: retry.sleep } });
    const first = await retry.nth(1);
    proxy = await relay(port, fake);
    fake.failNext('auth.test', 1, { error: 'token_revoked' });
    first.release();
    const error = await bot.slackConnected!.catch((e: unknown) => e);
    expect(startupFailureLine(error, 3000)).toContain('Slack refused SLACK_BOT_TOKEN (token_revoked)');
  });

  it('stops retrying when the bot stops', async () => {
    const port = await closedPort();
    bot = await startLoggedBot(ctx.db, { apiUrl: `http://127.0.0.1:${port}/api/`, slackRetry: { firstDelayMs: 60_000 } });
    await bot.stop();
    await expect(bot.slackConnected).resolves.toBe(false);
    bot = undefined;
  });
});
