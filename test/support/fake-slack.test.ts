/**
 * Proves the test doubles behave like Slack where our code depends on it: the Block Kit
 * validator, the fake Web API (driven by the real WebClient, configured as the outbox configures
 * it), and signed requests accepted or refused by Bolt's own verification.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel, type Logger, verifySlackRequest, webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateBlocks, validateMessageText, validateView } from './block-kit-limits.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import {
  appHomeOpenedEvent,
  blockActionPayload,
  sendBlockAction,
  sendEvent,
  sendSlashCommand,
  sendViewSubmission,
  signBody,
  viewSubmissionPayload,
} from './slack-requests.js';

const TOKEN = 'xoxb-test-token';
const SECRET = 'test-signing-secret';

const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A WebClient configured as the outbox's must be: no retries, 429 rejected, a timeout. */
function outboxClient(fake: FakeSlack, timeout = 2000): webApi.WebClient {
  return new webApi.WebClient(TOKEN, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout,
    logger: silentLogger,
  });
}

/** The error a promise rejects with; fails the test when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

function platformError(error: unknown): webApi.WebAPIPlatformError {
  expect(error).toBeInstanceOf(webApi.WebAPIPlatformError);
  return error as webApi.WebAPIPlatformError;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: 'restock',
  ...extra,
});

describe('validateBlocks', () => {
  it('accepts a typical alert message', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Estoque baixo' } },
      { ...section('*SKU-1* está com 2 unidades'), block_id: 'summary' },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Mínimo*\n10' }] },
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Alerta #42' }] },
      { type: 'actions', block_id: 'alert_actions', elements: [button('Repor', { value: 'SKU-1' })] },
    ];
    expect(validateBlocks(blocks, 'message')).toEqual([]);
  });

  it('applies the 50-block message limit and the 100-block view limit', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(validateBlocks(blocks, 'message')).toEqual(['blocks: 51 blocks, limit 50 per message']);
    expect(validateBlocks(blocks, 'modal')).toEqual([]);
    expect(validateBlocks([...blocks, ...blocks], 'home')).toEqual(['blocks: 102 blocks, limit 100 per home']);
  });

  it('reports each limit with a path', () => {
    const violations = validateBlocks(
      [
        { type: 'header', text: { type: 'mrkdwn', text: 'x'.repeat(151) } },
        section('x'.repeat(3001)),
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
        { type: 'actions', elements: [button('x'.repeat(76), { value: 'v'.repeat(2001) })] },
        { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'plain_text', text: 'c' })) },
        { type: 'section', text: { type: 'markdown', text: '' } },
        { type: 'divider', block_id: 'same' },
        { type: 'divider', block_id: 'same' },
        { type: 'table' },
      ],
      'message',
    );
    expect(violations).toEqual([
      'blocks[0] (header).text.type: must be "plain_text" (got "mrkdwn")',
      'blocks[0] (header).text.text: 151 characters, limit 150',
      'blocks[1] (section).text.text: 3001 characters, limit 3000',
      'blocks[2] (section).fields: 11 fields, limit 10',
      'blocks[3] (actions).elements[0] (button).text.text: 76 characters, limit 75',
      'blocks[3] (actions).elements[0] (button).value: 2001 characters, limit 2000',
      'blocks[4] (context).elements: 11 elements, limit 10',
      'blocks[5] (section).text.type: must be "plain_text" or "mrkdwn" (got "markdown")',
      'blocks[5] (section).text.text: must be a non-empty string',
      'blocks[7] (divider).block_id: "same" duplicates blocks[6]',
      'blocks[8]: unknown block type "table"',
    ]);
  });

  it('checks action_id, block_id, url and the 25 actions elements', () => {
    const violations = validateBlocks(
      [
        {
          type: 'actions',
          block_id: 'b'.repeat(256),
          elements: Array.from({ length: 26 }, (_, i) =>
            button('ok', { action_id: i === 0 ? 'a'.repeat(256) : `a${i}`, url: i === 1 ? 'u'.repeat(3001) : undefined }),
          ),
        },
      ],
      'message',
    );
    expect(violations).toEqual([
      'blocks[0] (actions).block_id: 256 characters, limit 255',
      'blocks[0] (actions).elements: 26 elements, limit 25',
      'blocks[0] (actions).elements[0] (button).action_id: 256 characters, limit 255',
      'blocks[0] (actions).elements[1] (button).url: 3001 characters, limit 3000',
    ]);
  });

  it('validates views and message text', () => {
    const modal = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Prometer pagamento agora!' }, // 25 characters
      private_metadata: 'm'.repeat(3001),
      callback_id: 'promise',
      blocks: [{ type: 'input', label: { type: 'plain_text', text: 'Data' }, element: { type: 'datepicker' } }],
    };
    expect(validateView(modal)).toEqual([
      'view.title.text: 25 characters, limit 24',
      'view.submit: required when the view has input blocks',
      'view.private_metadata: 3001 characters, limit 3000',
    ]);
    expect(validateView({ type: 'home', blocks: [] })).toEqual([]);
    expect(validateView({ type: 'dialog', blocks: [] })).toEqual(['view.type: must be "modal" or "home" (got "dialog")']);
    expect(validateMessageText('x'.repeat(40_000))).toEqual([]);
    expect(validateMessageText('x'.repeat(40_001))).toEqual(['text: 40001 characters, limit 40000']);
  });
});

describe('fake Slack Web API', () => {
  let fake: FakeSlack;
  let client: webApi.WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack({ usergroups: { S0STOCK: ['U1', 'U2'] } });
    client = outboxClient(fake);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('stores a valid post with metadata and answers with an increasing ts', async () => {
    const metadata = { event_type: 'retaguarda_outbox', event_payload: { key: 'alert:1:post' } };
    const first = await client.chat.postMessage({ channel: 'C1', text: 'one', blocks: [section('one')], metadata });
    const second = await client.chat.postMessage({ channel: 'C1', text: 'two', thread_ts: first.ts });

    expect(first.ok).toBe(true);
    expect(first.channel).toBe('C1');
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    // The WebClient sends forms with JSON-encoded objects; the fake decodes them.
    const call = fake.callsTo('chat.postMessage')[0];
    expect(call?.contentType).toBe('application/x-www-form-urlencoded');
    expect(call?.token).toBe(TOKEN);
    expect(call?.body.blocks).toEqual([section('one')]);
    expect(fake.messages('C1')).toMatchObject([
      { ts: first.ts, text: 'one', blocks: [section('one')], metadata, thread_ts: undefined, updates: 0 },
      { ts: second.ts, text: 'two', thread_ts: first.ts },
    ]);
  });

  it('refuses 51 blocks and a 76-character button text with invalid_blocks', async () => {
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const e1 = platformError(await rejectionOf(client.chat.postMessage({ channel: 'C1', text: 't', blocks: tooMany })));
    expect(e1.data).toMatchObject({ error: 'invalid_blocks', errors: ['blocks: 51 blocks, limit 50 per message'] });

    const longButton = [{ type: 'actions', elements: [button('x'.repeat(76))] }];
    const e2 = platformError(await rejectionOf(client.chat.postMessage({ channel: 'C1', text: 't', blocks: longButton })));
    expect(e2.data.error).toBe('invalid_blocks');
    expect(fake.messages('C1')).toEqual([]);
  });

  it('answers msg_too_long and no_text', async () => {
    const e1 = platformError(await rejectionOf(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) })));
    expect(e1.data.error).toBe('msg_too_long');
    const e2 = platformError(await rejectionOf(client.apiCall('chat.postMessage', { channel: 'C1' })));
    expect(e2.data.error).toBe('no_text');
  });

  it('surfaces a 429 with Retry-After as a rate-limited error, then answers normally', async () => {
    fake.failNext('chat.postMessage', 1, { status: 429, retryAfter: 7 });
    const error = await rejectionOf(client.chat.postMessage({ channel: 'C1', text: 'hi' }));
    expect(error).toBeInstanceOf(webApi.WebAPIRateLimitedError);
    expect((error as webApi.WebAPIRateLimitedError).code).toBe(webApi.ErrorCode.RateLimitedError);
    expect((error as webApi.WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(fake.messages('C1')).toEqual([]);

    await client.chat.postMessage({ channel: 'C1', text: 'hi' });
    expect(fake.messages('C1')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage').map((c) => c.fault)).toEqual([{ status: 429, retryAfter: 7 }, undefined]);
  });

  it('surfaces a 500 as an HTTP error; with land: true the post was stored anyway', async () => {
    fake.failNext('chat.postMessage', 1, { status: 500 });
    fake.failNext('chat.postMessage', 1, { status: 503, land: true });
    const e1 = await rejectionOf(client.chat.postMessage({ channel: 'C1', text: 'lost' }));
    expect(e1).toBeInstanceOf(webApi.WebAPIHTTPError);
    expect((e1 as webApi.WebAPIHTTPError).statusCode).toBe(500);
    const e2 = await rejectionOf(client.chat.postMessage({ channel: 'C1', text: 'landed' }));
    expect((e2 as webApi.WebAPIHTTPError).statusCode).toBe(503);
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['landed']);
  });

  it('resets the connection without an answer; with land: true the post was stored anyway', async () => {
    fake.failNext('chat.postMessage', 1, { reset: true });
    fake.failNext('chat.postMessage', 1, { reset: true, land: true });
    const e1 = await rejectionOf(client.chat.postMessage({ channel: 'C1', text: 'lost' }));
    expect(e1).toBeInstanceOf(webApi.WebAPIRequestError);
    expect((e1 as webApi.WebAPIRequestError).original.message).toMatch(/fetch failed|ECONNRESET|socket/i);
    const e2 = await rejectionOf(client.chat.postMessage({ channel: 'C1', text: 'landed' }));
    expect(e2).toBeInstanceOf(webApi.WebAPIRequestError);
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['landed']);
    expect(fake.callsTo('chat.postMessage').map((c) => c.fault)).toEqual([{ reset: true }, { reset: true, land: true }]);
    // The server is fine afterwards: the next call is answered normally.
    await expect(client.chat.postMessage({ channel: 'C1', text: 'after' })).resolves.toMatchObject({ ok: true });
  });

  it('applies queued faults in order, per method', async () => {
    fake.failNext('chat.postMessage', 2, { error: 'channel_not_found' });
    fake.failNext('chat.postMessage', 1, { error: 'is_archived' });
    const errors: string[] = [];
    for (let i = 0; i < 3; i++) {
      errors.push(platformError(await rejectionOf(client.chat.postMessage({ channel: 'C1', text: 'x' }))).data.error);
    }
    expect(errors).toEqual(['channel_not_found', 'channel_not_found', 'is_archived']);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true }); // other methods unaffected
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('draws random faults for the chosen methods only, after queued ones, until stopped', async () => {
    // A scripted generator: below the rate → fault; then the second draw picks from the mix.
    const draws = [0.1, 0.9, 0.7, 0.1, 0.2];
    fake.failRandomly({ methods: ['chat.postMessage'], rate: 0.5, mix: [{ error: 'internal_error' }, { status: 503 }], random: () => draws.shift() ?? 0.99 });
    fake.failNext('chat.postMessage', 1, { error: 'is_archived' });
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await client.chat.postMessage({ channel: 'C1', text: 'x' }).then(
        () => 'ok',
        (error: unknown) => (error instanceof webApi.WebAPIPlatformError ? error.data.error : `http_${(error as webApi.WebAPIHTTPError).statusCode}`),
      ));
    }
    expect(outcomes).toEqual(['is_archived', 'http_503', 'ok', 'internal_error']);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    fake.failRandomly(undefined);
    draws.unshift(0, 0);
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('stores a delayed post before answering: the client times out but history shows it', async () => {
    fake.failNext('chat.postMessage', 1, { delayMs: 600 });
    const metadata = { event_type: 'retaguarda_outbox', event_payload: { key: 'alert:7:post' } };
    const error = await rejectionOf(outboxClient(fake, 300).chat.postMessage({ channel: 'C2', text: 'slow', metadata }));
    expect(error).toBeInstanceOf(webApi.WebAPIRequestError);
    expect((error as webApi.WebAPIRequestError).original.name).toBe('TimeoutError');

    const withMetadata = await client.conversations.history({ channel: 'C2', include_all_metadata: true, limit: 10 });
    expect(withMetadata.messages).toMatchObject([{ text: 'slow', metadata }]);
    const without = await client.conversations.history({ channel: 'C2' });
    expect(without.messages?.[0]).not.toHaveProperty('metadata');
  }, 10_000);

  it('pages history newest first, top-level only, and returns thread replies', async () => {
    const posted: string[] = [];
    for (const text of ['a', 'b', 'c']) posted.push((await client.chat.postMessage({ channel: 'C3', text })).ts ?? '');
    const [a, b, c] = posted as [string, string, string];
    await client.chat.postMessage({ channel: 'C3', text: 'reply', thread_ts: a });

    const all = await client.conversations.history({ channel: 'C3' });
    expect(all.messages?.map((m) => m.text)).toEqual(['c', 'b', 'a']);
    expect(all.messages?.[2]).toMatchObject({ reply_count: 1, thread_ts: a });
    const limited = await client.conversations.history({ channel: 'C3', limit: 2 });
    expect(limited.messages?.map((m) => m.text)).toEqual(['c', 'b']);
    expect(limited.has_more).toBe(true);
    const window = await client.conversations.history({ channel: 'C3', oldest: a, latest: c });
    expect(window.messages?.map((m) => m.ts)).toEqual([b]);
    const inclusive = await client.conversations.history({ channel: 'C3', oldest: a, latest: c, inclusive: true });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['c', 'b', 'a']);

    const replies = await client.conversations.replies({ channel: 'C3', ts: a });
    expect(replies.messages?.map((m) => m.text)).toEqual(['a', 'reply']);
    expect(fake.messages('C3')).toHaveLength(4);
  });

  it('updates a stored message in place; a missing or deleted one is message_not_found', async () => {
    const missing = await rejectionOf(client.chat.update({ channel: 'C1', ts: '1700000000.000100', text: 'x' }));
    expect(platformError(missing).data.error).toBe('message_not_found');

    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'open', blocks: [section('open')] });
    await client.chat.update({ channel: 'C1', ts: ts ?? '', text: 'resolved', blocks: [section('resolved')] });
    expect(fake.messages('C1')).toMatchObject([{ ts, text: 'resolved', blocks: [section('resolved')], updates: 1 }]);

    const tooLong = await rejectionOf(
      client.chat.update({ channel: 'C1', ts: ts ?? '', text: 't', blocks: [section('x'.repeat(3001))] }),
    );
    expect(platformError(tooLong).data.error).toBe('invalid_blocks');

    expect(fake.deleteMessage('C1', ts ?? '')).toBe(true);
    const deleted = await rejectionOf(client.chat.update({ channel: 'C1', ts: ts ?? '', text: 'again' }));
    expect(platformError(deleted).data.error).toBe('message_not_found');
  });

  it('answers not_in_channel until conversations.join; archived channels stay refused', async () => {
    fake.setNotInChannel('C4');
    const refused = await rejectionOf(client.chat.postMessage({ channel: 'C4', text: 'x' }));
    expect(platformError(refused).data.error).toBe('not_in_channel');
    await client.conversations.join({ channel: 'C4' });
    await expect(client.chat.postMessage({ channel: 'C4', text: 'x' })).resolves.toMatchObject({ ok: true });

    fake.archive('C5');
    const archived = await rejectionOf(client.chat.postMessage({ channel: 'C5', text: 'x' }));
    expect(platformError(archived).data.error).toBe('is_archived');
    const join = await rejectionOf(client.conversations.join({ channel: 'C5' }));
    expect(platformError(join).data.error).toBe('is_archived');
  });

  it('opens one DM per user (the same D… again), and the DM takes posts and updates', async () => {
    const opened = await client.conversations.open({ users: 'U7' });
    const id = opened.channel?.id ?? '';
    expect(id).toMatch(/^D/);
    expect((await client.conversations.open({ users: 'U7' })).channel?.id).toBe(id);
    expect(fake.dmChannelOf('U7')).toBe(id);

    const { ts } = await client.chat.postMessage({ channel: id, text: 'paged', blocks: [section('paged')] });
    await client.chat.update({ channel: id, ts: ts ?? '', text: 'acknowledged', blocks: [section('acknowledged')] });
    expect(fake.dmMessages('U7')).toMatchObject([{ channel: id, ts, text: 'acknowledged', updates: 1 }]);

    expect(platformError(await rejectionOf(client.conversations.open({ users: fake.botUserId }))).data.error).toBe('cannot_dm_bot');
    expect(platformError(await rejectionOf(client.conversations.open({ users: 'not-a-user' }))).data.error).toBe('user_not_found');
  });

  it('stores ephemeral messages apart from the channel history', async () => {
    const result = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
    expect(result.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals('C1')).toMatchObject([{ user: 'U1', text: 'only you' }]);
    expect(fake.messages('C1')).toEqual([]);
  });

  it('validates and stores views; publishes App Home per user', async () => {
    const modal = {
      type: 'modal' as const,
      callback_id: 'promise',
      title: { type: 'plain_text' as const, text: 'Promessa' },
      submit: { type: 'plain_text' as const, text: 'Salvar' },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: '1.2', view: modal });
    expect(opened.view?.id).toMatch(/^V/);
    expect(opened.view?.callback_id).toBe('promise');
    await client.views.update({ view_id: opened.view?.id ?? '', view: { ...modal, callback_id: 'promise2' } });
    expect(fake.viewById(opened.view?.id ?? '')?.view.callback_id).toBe('promise2');

    const badTitle = { ...modal, title: { type: 'plain_text' as const, text: 'x'.repeat(25) } };
    const error = platformError(await rejectionOf(client.views.open({ trigger_id: '1.2', view: badTitle })));
    expect(error.data.error).toBe('invalid_arguments');
    expect(error.data.response_metadata?.messages).toEqual(['[ERROR] view.title.text: 25 characters, limit 24']);

    const home = { type: 'home' as const, blocks: [section('Olá')] };
    await client.views.publish({ user_id: 'U1', view: home });
    expect(fake.homeOf('U1')).toMatchObject({ type: 'home', blocks: [section('Olá')] });
    expect(fake.homeOf('U2')).toBeUndefined();
    const tooBig = { type: 'home' as const, blocks: Array.from({ length: 101 }, () => ({ type: 'divider' as const })) };
    expect(platformError(await rejectionOf(client.views.publish({ user_id: 'U1', view: tooBig }))).data.error).toBe(
      'invalid_arguments',
    );
  });

  it('answers auth.test, user groups, users.info, and records unknown methods', async () => {
    await expect(client.auth.test()).resolves.toMatchObject({
      ok: true,
      user_id: fake.botUserId,
      bot_id: fake.botId,
      team_id: fake.teamId,
    });
    await expect(client.usergroups.users.list({ usergroup: 'S0STOCK' })).resolves.toMatchObject({ users: ['U1', 'U2'] });
    const noGroup = await rejectionOf(client.usergroups.users.list({ usergroup: 'S0NONE' }));
    expect(platformError(noGroup).data.error).toBe('no_such_subteam');
    const info = await client.users.info({ user: 'U1' });
    expect(info.user).toMatchObject({ id: 'U1', tz: 'America/Sao_Paulo' });

    await expect(client.apiCall('reactions.add', { channel: 'C1', name: 'eyes', timestamp: '1.2' })).resolves.toMatchObject({
      ok: true,
    });
    expect(fake.unknownMethods()).toEqual(['reactions.add']);
    expect(fake.callsTo('reactions.add')[0]?.body).toMatchObject({ name: 'eyes' });
  });

  it('accepts JSON bodies, answers 400 on bad JSON and not_authed without a token', async () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${fake.apiUrl}chat.postMessage`, { method: 'POST', headers, body });
    const json = await post(JSON.stringify({ channel: 'C6', text: 'json', blocks: [section('json')] }), {
      'content-type': 'application/json; charset=utf-8',
      authorization: `Bearer ${TOKEN}`,
    });
    expect(await json.json()).toMatchObject({ ok: true, channel: 'C6' });
    expect(fake.messages('C6')).toMatchObject([{ text: 'json', blocks: [section('json')] }]);

    const bad = await post('{not json', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    const anonymous = await post('channel=C6&text=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(await anonymous.json()).toEqual({ ok: false, error: 'not_authed' });
    const bodyToken = await post(`token=${TOKEN}&channel=C6&text=x`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(await bodyToken.json()).toMatchObject({ ok: true });
    expect(fake.callsTo('chat.postMessage').map((c) => c.token)).toEqual([TOKEN, undefined, TOKEN]);
  });

  it('waitForCalls resolves on arrival and explains a timeout', async () => {
    const waiting = fake.waitForCalls('chat.postMessage', 2, 2000);
    await client.chat.postMessage({ channel: 'C1', text: '1' });
    await client.chat.postMessage({ channel: 'C1', text: '2' });
    await expect(waiting).resolves.toHaveLength(2);

    await client.auth.test();
    await expect(fake.waitForCalls('chat.update', 1, 50)).rejects.toThrow(
      'waited 50 ms for 1 call(s) to chat.update, got 0; calls received: chat.postMessage ×2, auth.test ×1',
    );
  });
});

describe('fake Slack: hangs and close()', () => {
  it('never answers a hung call, and close() ends promptly with calls in flight', async () => {
    const fake = await startFakeSlack();
    fake.failNext('chat.postMessage', 1, { hang: true });
    fake.failNext('chat.update', 1, { delayMs: 60_000 });
    const client = outboxClient(fake, 60_000);
    const hung = rejectionOf(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    await fake.waitForCalls('chat.postMessage', 1);
    expect(fake.messages('C1')).toEqual([]); // a hang without land: true never reached Slack
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'y' });
    const slow = rejectionOf(client.chat.update({ channel: 'C1', ts: ts ?? '', text: 'z' }));
    await fake.waitForCalls('chat.update', 1);

    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await hung).toBeInstanceOf(webApi.WebAPIRequestError);
    expect(await slow).toBeInstanceOf(webApi.WebAPIRequestError);
  });

  it('delayAll adds latency to every answer', async () => {
    const fake = await startFakeSlack();
    try {
      fake.delayAll(150);
      const started = Date.now();
      await outboxClient(fake).auth.test();
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await fake.close();
    }
  });
});

describe('signed requests against a real Bolt app', () => {
  let fake: FakeSlack;
  let app: App;
  let baseUrl: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    app = new App({
      token: TOKEN,
      signingSecret: SECRET,
      logger: silentLogger,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/stock', async ({ ack }) => ack('pong'));
    app.action('restock', async ({ ack, respond, body }) => {
      await ack();
      const value = body.type === 'block_actions' && body.actions[0]?.type === 'button' ? body.actions[0].value : '';
      await respond({ text: `restocking ${value ?? ''}`, replace_original: false });
    });
    app.view('promise', async ({ ack, view }) => {
      const date = view.state.values.date?.picked?.selected_date;
      await ack({ response_action: 'errors', errors: { date: `got ${date ?? 'nothing'} / ${view.private_metadata}` } });
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [section('Início')] } });
    });
    // Port 0 on loopback: the OS picks a free port, no race with other test files.
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it("computes Slack's documented example signature, which Bolt's verifier accepts", () => {
    // From Slack's "Verifying requests from Slack" guide.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const secret = '8f742231b10e8888abcd99yyyzzz85a5';
    const signature = signBody(secret, body, 1531420618);
    expect(signature).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
    const headers = { 'x-slack-signature': signature, 'x-slack-request-timestamp': 1531420618 };
    expect(() =>
      verifySlackRequest({ signingSecret: secret, body, headers, nowMilliseconds: 1531420618_000 }),
    ).not.toThrow();
  });

  it('gets 200 pong with a good signature; 401 with a bad or stale one', async () => {
    const command = { command: '/stock', text: 'list', user_id: 'U1', channel_id: 'C1' };
    const ok = await sendSlashCommand(baseUrl, SECRET, command);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('pong');

    const bad = await sendSlashCommand(baseUrl, SECRET, command, { badSignature: true });
    expect(bad.status).toBe(401);
    const stale = await sendSlashCommand(baseUrl, SECRET, command, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    // Bolt called auth.test at construction: the fake must have answered it.
    expect(fake.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
  });

  it('routes a block action payload; respond() reaches the fake response_url', async () => {
    const responseUrl = fake.responseUrl();
    const payload = blockActionPayload({ actionId: 'restock', value: 'SKU-1', userId: 'U1', channelId: 'C1', responseUrl });
    const res = await sendBlockAction(baseUrl, SECRET, payload);
    expect(res.status).toBe(200);
    const response = await fake.waitForResponse(responseUrl, 2000);
    expect(response.body).toEqual({ text: 'restocking SKU-1', replace_original: false });
  });

  it('routes a view submission payload with state values and private metadata', async () => {
    const payload = viewSubmissionPayload({
      callbackId: 'promise',
      privateMetadata: '{"order":"PED-1"}',
      values: { date: { picked: { type: 'datepicker', selected_date: '2026-01-05' } } },
      userId: 'U1',
      viewId: 'V1',
    });
    const res = await sendViewSubmission(baseUrl, SECRET, payload);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_action: 'errors', errors: { date: 'got 2026-01-05 / {"order":"PED-1"}' } });
  });

  it('delivers an app_home_opened event; the handler publishes Home to the fake', async () => {
    const res = await sendEvent(baseUrl, SECRET, appHomeOpenedEvent('U7'));
    expect(res.status).toBe(200);
    await fake.waitForCalls('views.publish', 1, 2000);
    expect(fake.homeOf('U7')).toMatchObject({ type: 'home', blocks: [section('Início')] });
  });
});
