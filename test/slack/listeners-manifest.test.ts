// What Slack can send (manifest.yml, and the ids our Block Kit builders put on buttons and modals)
// and what the bot listens for must match, both ways.
//
// Two complementary techniques:
// - Registrations are recorded by spying on Bolt's App.prototype.{command,event,action,view} while
//   the real bot starts. That is the only way to see the *set* of listeners, so it is used for the
//   two-way comparisons (manifest ⇄ commands and events; listeners ⊆ the id registry).
// - Delivery is proven by behaviour: a signed block_actions / view_submission for every registered
//   id goes to the running bot over HTTP and must be acknowledged with 200. An id without a
//   listener gets Bolt's unhandled-request answer (404 after 3 s) instead — and so would a listener
//   that is registered but never acks, which recording alone could not catch.
import { App } from '@slack/bolt';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import * as registry from '../../src/blocks/action-ids.js';
import { ALERT_ACTIONS, encodeAlertButton, GROUP_ACTIONS, HOME_ACTIONS, MODALS } from '../../src/blocks/action-ids.js';
import { createHomePublisher } from '../../src/slack/home/publish-home.js';
import { registerCommandListeners } from '../../src/slack/listeners/commands/index.js';
import { encodeModalContext } from '../../src/slack/listeners/interaction.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { blockActionPayload, sendBlockAction, sendSlashCommand, sendViewSubmission, viewSubmissionPayload } from '../support/slack-requests.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, startTestBot, type TestBot } from '../support/test-bot.js';
import { createPgliteTestDatabase, type TestDatabase } from '../support/test-database.js';

interface Manifest {
  features: { slash_commands: { command: string }[] };
  settings: { event_subscriptions: { bot_events: string[] } };
}
const manifest = parse(readFileSync(join(import.meta.dirname, '..', '..', 'manifest.yml'), 'utf8')) as Manifest;
const MANIFEST_COMMANDS = manifest.features.slash_commands.map((c) => c.command).sort();
const MANIFEST_EVENTS = [...manifest.settings.event_subscriptions.bot_events].sort();

type Method = 'command' | 'event' | 'action' | 'view';
/** What a listener was registered for: a string, a RegExp, or a constraints object. */
type Constraint = string | RegExp | Record<string, unknown>;

/** Does a registration's constraint accept `id` (as `field` of a constraints object)? */
function accepts(constraint: Constraint | unknown, id: string, field: string): boolean {
  if (typeof constraint === 'string') return constraint === id;
  if (constraint instanceof RegExp) return constraint.test(id);
  if (constraint && typeof constraint === 'object') {
    const inner = (constraint as Record<string, unknown>)[field];
    // A constraints object without this field listens for every id — never what we want here.
    return inner === undefined ? true : accepts(inner, id, field);
  }
  return false;
}

/** A listener for no registry id, or for any id at all (a constraints object without `field`). */
function isStray(constraint: Constraint, ids: readonly string[], field: string): boolean {
  const catchAll = typeof constraint === 'object' && !(constraint instanceof RegExp) && constraint[field] === undefined;
  return catchAll || !ids.some((id) => accepts(constraint, id, field));
}

function describeConstraint(c: Constraint): string {
  return typeof c === 'string' ? c : c instanceof RegExp ? String(c) : JSON.stringify(c);
}

/** The ids of the registry's action objects (everything interactive) and of MODALS. */
const ACTION_IDS = Object.entries(registry)
  .filter(([name, value]) => name !== 'MODALS' && value && typeof value === 'object')
  .flatMap(([, value]) => Object.values(value as Record<string, string>));
const MODAL_IDS = Object.values(MODALS);
/** An alert that does not exist: every listener must still ack and answer politely. */
const NO_SUCH_ALERT = 987_654;

describe('listeners and manifest', () => {
  let database: TestDatabase;
  let fake: FakeSlack;
  let bot: TestBot;
  const registered: Record<Method, Constraint[]> = { command: [], event: [], action: [], view: [] };

  beforeAll(async () => {
    database = await createPgliteTestDatabase();
    fake = await startFakeSlack();
    const spies = (['command', 'event', 'action', 'view'] as const).map((method) =>
      vi.spyOn(App.prototype as unknown as Record<Method, (...args: unknown[]) => unknown>, method),
    );
    try {
      bot = await startTestBot(database.db, { fake });
    } finally {
      (['command', 'event', 'action', 'view'] as const).forEach((method, i) => {
        registered[method] = spies[i]!.mock.calls.map((args) => args[0] as Constraint);
        spies[i]!.mockRestore();
      });
    }
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await database?.close();
  });

  it('the recording saw the bot register its listeners (the spies work)', () => {
    expect(registered.command.length).toBeGreaterThan(0);
    expect(registered.action.length).toBeGreaterThan(0);
  });

  it('listens for exactly the slash commands manifest.yml declares', () => {
    expect(registered.command.map(describeConstraint).sort()).toEqual(MANIFEST_COMMANDS);
    // registerCommandListeners tells which names it bound; they are the manifest's too.
    const app = new App({ token: TEST_BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, deferInitialization: true, clientOptions: { slackApiUrl: fake.apiUrl } });
    expect(registerCommandListeners(app, { ...bot.deps, home: createHomePublisher(bot.deps) }).sort()).toEqual(MANIFEST_COMMANDS);
  });

  it('answers every manifest command with content in the acknowledgement', async () => {
    const answers = await Promise.all(
      MANIFEST_COMMANDS.map((command) => sendSlashCommand(bot.baseUrl, TEST_SIGNING_SECRET, { command, text: 'help', response_url: fake.responseUrl() })),
    );
    for (const [i, res] of answers.entries()) {
      expect(res.status, MANIFEST_COMMANDS[i]).toBe(200);
      expect((res.json as { text?: string } | undefined)?.text, MANIFEST_COMMANDS[i]).toContain(MANIFEST_COMMANDS[i]);
    }
  });

  it('listens for exactly the events manifest.yml subscribes to', () => {
    expect(registered.event.map(describeConstraint).sort()).toEqual(MANIFEST_EVENTS);
  });

  it('registers action and view listeners only for ids in the registry (src/blocks/action-ids.ts)', () => {
    expect(registered.action.filter((c) => isStray(c, ACTION_IDS, 'action_id')).map(describeConstraint)).toEqual([]);
    expect(registered.view.filter((c) => isStray(c, MODAL_IDS, 'callback_id')).map(describeConstraint)).toEqual([]);
  });

  it.each([...Object.values(ALERT_ACTIONS), ...Object.values(GROUP_ACTIONS), ...Object.values(HOME_ACTIONS)])('acknowledges a click on %s', async (actionId) => {
    expect(registered.action.some((c) => accepts(c, actionId, 'action_id')), `no app.action for ${actionId}`).toBe(true);
    // A grouped message's buttons carry its number; none exists here either.
    const value = actionId.startsWith('home.') ? '1' : actionId.startsWith('group.') ? String(NO_SUCH_ALERT) : encodeAlertButton({ alertId: NO_SUCH_ALERT, version: 1 });
    const payload = blockActionPayload({ actionId, value, userId: 'U0CLERK01', channelId: 'C0STOCK', responseUrl: fake.responseUrl() });
    const res = await sendBlockAction(bot.baseUrl, TEST_SIGNING_SECRET, payload);
    expect(res.status, `${actionId}: unhandled (Bolt answers 404 after 3 s)`).toBe(200);
  });

  it.each(MODAL_IDS)('acknowledges a submission of %s', async (callbackId) => {
    expect(registered.view.some((c) => accepts(c, callbackId, 'callback_id')), `no app.view for ${callbackId}`).toBe(true);
    const payload = viewSubmissionPayload({
      callbackId,
      userId: 'U0CLERK01',
      privateMetadata: encodeModalContext({ alertId: NO_SUCH_ALERT, version: 1, channelId: 'C0STOCK' }),
    });
    const res = await sendViewSubmission(bot.baseUrl, TEST_SIGNING_SECRET, payload);
    expect(res.status, `${callbackId}: unhandled (Bolt answers 404 after 3 s)`).toBe(200);
  });
});
