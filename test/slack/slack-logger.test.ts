// LOG_LEVEL=debug must not copy message contents into the logs (issue 7, item 6): the Slack
// clients would log whole request and response bodies — an employee's name in an alert, a command's
// answer. Their debug lines keep the API method and channel only.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { FakeClock } from '../support/fake-clock.js';
import { startLoggedBot, type LoggedBot } from '../support/logged-bot.js';
import { seed } from '../support/seed.js';
import { sendSlashCommand } from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const HR = 'C0HUMANRES';
const ANALYST = 'U0HR00001';

describeEachDatabase('Slack client logging at debug', (ctx) => {
  let fake: FakeSlack;
  let bot: LoggedBot;

  beforeAll(async () => {
    fake = await startFakeSlack();
    bot = await startLoggedBot(ctx.db, { apiUrl: fake.apiUrl, level: 'debug', env: { HR_CHANNEL: HR }, clock: new FakeClock('2037-11-25T15:00:00Z') });
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  it("logs the method and channel of each call, never the text: no employee's name", async () => {
    await seed(ctx.db, 'employees', [{ code: 'EMP-7', name: 'Ana Beatriz Souza', start_date: '2037-11-30', received_documents: 'cpf|rg' }]);
    expect(await bot.runWatchCycle()).toBe(true);
    await bot.drainOutbox();
    await fake.waitUntil(() => fake.messages(HR).length > 0, 5_000, () => 'the alert was not posted');
    expect(JSON.stringify(fake.messages(HR)[0])).toContain('Ana Beatriz Souza');
    const answer = await sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { command: '/admissions', text: 'show EMP-7', user_id: ANALYST });
    expect(answer.body).toContain('Ana Beatriz Souza');

    const logged = JSON.stringify(bot.logs);
    expect(logged).not.toContain('Ana Beatriz');
    expect(logged).not.toContain('Souza');
    expect(bot.logs).toContainEqual(expect.objectContaining({ component: 'slack-web-api', method: 'chat.postMessage', level: 20 }));
    expect(bot.logs).toContainEqual(expect.objectContaining({ component: 'slack-web-api', channel: HR, level: 20 }));
    // Bolt's own debug lines are kept, without what they quote.
    expect(bot.logs).toContainEqual(expect.objectContaining({ component: 'bolt', msg: 'ack() response sent' }));
  });
});
