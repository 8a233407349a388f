import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OUTBOX_EVENT_TYPE, TransportError, type MessageTransport } from '../../src/notify/message-transport.js';
import { DEFAULT_RETRY_AFTER_MS, PERMANENT_SLACK_ERRORS, createSlackTransport, type SlackTransportOptions } from '../../src/notify/slack-transport.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { TOKEN, captureLogger, keyOf, payload } from './notify-helpers.js';

const CHANNEL = 'C0STOCK001';

let fake: FakeSlack;
let log: ReturnType<typeof captureLogger>;

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: [TOKEN] });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  log = captureLogger();
});

function transport(options: Partial<SlackTransportOptions> = {}): MessageTransport {
  return createSlackTransport({ token: TOKEN, apiUrl: fake.apiUrl, logger: log.logger, timeoutMs: 2_000, ...options });
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TransportError);
    return error as TransportError;
  }
  throw new Error('expected the call to fail');
}

const postRequest = (key = 'alert:1') => ({ channel: CHANNEL, key, payload: payload(`message ${key}`) });

describe('slack transport: calls', () => {
  it('posts with the outbox key in metadata, no unfurling, and returns the ts', async () => {
    const ts = await transport().post(postRequest());

    const [call] = fake.callsTo('chat.postMessage');
    expect(call?.token).toBe(TOKEN);
    expect(call?.body).toMatchObject({
      channel: CHANNEL,
      text: 'message alert:1',
      unfurl_links: 'false',
      metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: 'alert:1' } },
    });
    expect(call?.body.thread_ts).toBeUndefined();
    expect(fake.messages(CHANNEL)).toMatchObject([{ ts, text: 'message alert:1' }]);
  });

  it('posts a reply in the thread', async () => {
    const t = transport();
    const parent = await t.post(postRequest('parent'));
    const child = await t.post({ ...postRequest('child'), threadTs: parent });

    expect(fake.callsTo('chat.postMessage')[1]?.body.thread_ts).toBe(parent);
    expect(fake.messages(CHANNEL).find((m) => m.ts === child)?.thread_ts).toBe(parent);
  });

  it('updates a message in place, keeping its metadata', async () => {
    const t = transport();
    const ts = await t.post(postRequest());
    await t.update(CHANNEL, ts, payload('resolved'));

    expect(fake.callsTo('chat.update')[0]?.body).toMatchObject({ channel: CHANNEL, ts, text: 'resolved' });
    expect(fake.messages(CHANNEL)).toMatchObject([{ ts, text: 'resolved', updates: 1 }]);
    expect(keyOf(fake.messages(CHANNEL)[0]!)).toBe('alert:1');
  });

  it('joins a channel', async () => {
    await transport().join(CHANNEL);
    expect(fake.callsTo('conversations.join')[0]?.body.channel).toBe(CHANNEL);
  });
});

describe('slack transport: findPosted', () => {
  it('finds a top-level post by its key in recent history, and nothing for an unknown key', async () => {
    const t = transport();
    const since = new Date();
    await t.post(postRequest('other'));
    const ts = await t.post(postRequest('alert:1'));

    expect(await t.findPosted(CHANNEL, 'alert:1', since)).toBe(ts);
    expect(await t.findPosted(CHANNEL, 'alert:404', since)).toBeUndefined();
    const history = fake.callsTo('conversations.history')[0];
    expect(history?.body).toMatchObject({ channel: CHANNEL, include_all_metadata: 'true' });
    // oldest = since − the margin
    expect(Number(history?.body.oldest)).toBeLessThan(since.getTime() / 1000);
    expect(Number(history?.body.oldest)).toBeGreaterThan(since.getTime() / 1000 - 120);
  });

  it('finds a reply in its thread', async () => {
    const t = transport();
    const since = new Date();
    const parent = await t.post(postRequest('parent'));
    const child = await t.post({ ...postRequest('child'), threadTs: parent });

    expect(await t.findPosted(CHANNEL, 'child', since, parent)).toBe(child);
    expect(fake.callsTo('conversations.replies')[0]?.body).toMatchObject({ channel: CHANNEL, ts: parent, include_all_metadata: 'true' });
    // A reply is not in the channel's top-level history.
    expect(await t.findPosted(CHANNEL, 'child', since)).toBeUndefined();
  });

  it('looks at no more than a bounded window of pages', async () => {
    const t = transport({ findPageSize: 5, findMaxPages: 3 });
    const since = new Date();
    const posted: string[] = [];
    for (let i = 1; i <= 20; i++) posted.push(await t.post(postRequest(`m${i}`)));

    // Newest first: m20..m16, m15..m11, m10..m6 fit in three pages; m1 does not.
    expect(await t.findPosted(CHANNEL, 'm8', since)).toBe(posted[7]);
    fake.calls.length = 0;
    expect(await t.findPosted(CHANNEL, 'm1', since)).toBeUndefined();
    expect(fake.callsTo('conversations.history')).toHaveLength(3);
  });

  it('does not look before since − margin', async () => {
    const t = transport({ findMarginMs: 0 });
    await t.post(postRequest('old'));
    expect(await t.findPosted(CHANNEL, 'old', new Date(Date.now() + 5_000))).toBeUndefined();
  });
});

describe('slack transport: errors', () => {
  it('a 429 is rate_limited with its Retry-After', async () => {
    fake.failNext('chat.postMessage', 1, { status: 429, retryAfter: 7 });
    const error = await failure(transport().post(postRequest()));
    expect(error).toMatchObject({ kind: 'rate_limited', options: { retryAfterMs: 7_000 } });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a 429 without a usable Retry-After is rate_limited with the default wait', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end('{"ok":false,"error":"ratelimited"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const t = createSlackTransport({ token: TOKEN, apiUrl: `http://127.0.0.1:${port}/api/`, logger: log.logger, timeoutMs: 2_000 });
      const error = await failure(t.post(postRequest()));
      expect(error).toMatchObject({ kind: 'rate_limited', options: { retryAfterMs: DEFAULT_RETRY_AFTER_MS } });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a 5xx is transient, and a post may have landed', async () => {
    fake.failNext('chat.postMessage', 1, { status: 502 });
    expect(await failure(transport().post(postRequest()))).toMatchObject({ kind: 'transient', code: 'http_502', options: { mayHaveLanded: true } });
    fake.failNext('chat.update', 1, { status: 500 });
    const updateError = await failure(transport().update(CHANNEL, '1.000001', payload('x')));
    expect(updateError.kind).toBe('transient');
    expect(updateError.options.mayHaveLanded).toBeFalsy();
  });

  it('a timeout is transient, and the post may have landed', async () => {
    fake.failNext('chat.postMessage', 1, { hang: true, land: true });
    const error = await failure(transport({ timeoutMs: 300 }).post(postRequest()));
    expect(error).toMatchObject({ kind: 'transient', code: 'timeout', options: { mayHaveLanded: true } });
  });

  it('a connection reset mid-call is transient, and the post may have landed', async () => {
    fake.failNext('chat.postMessage', 1, { reset: true, land: true });
    const error = await failure(transport().post(postRequest()));
    expect(error).toMatchObject({ kind: 'transient', options: { mayHaveLanded: true } });
    expect(error.code).toMatch(/^request_error/);
    expect(fake.messages(CHANNEL)).toHaveLength(1);
  });

  it('a refused connection is transient', async () => {
    const t = createSlackTransport({ token: TOKEN, apiUrl: 'http://127.0.0.1:9/api/', logger: log.logger, timeoutMs: 2_000 });
    const error = await failure(t.post(postRequest()));
    expect(error.kind).toBe('transient');
    expect(error.code).toMatch(/^request_error/);
  });

  it.each([
    'channel_not_found',
    'is_archived',
    'invalid_blocks',
    'msg_too_long',
    'invalid_auth',
    'not_authed',
    'account_inactive',
    'token_revoked',
    'missing_scope',
    'restricted_action',
    'no_text',
    'invalid_arguments',
    'method_not_supported_for_channel_type',
    'cant_update_message',
    'edit_window_closed',
  ])('%s is permanent', async (code) => {
    expect(PERMANENT_SLACK_ERRORS.has(code)).toBe(true);
    fake.failNext('chat.postMessage', 1, { error: code });
    expect(await failure(transport().post(postRequest()))).toMatchObject({ kind: 'permanent', code });
  });

  it('not_in_channel, message_not_found and ratelimited have their own kinds', async () => {
    fake.setNotInChannel(CHANNEL);
    expect(await failure(transport().post(postRequest()))).toMatchObject({ kind: 'not_in_channel', code: 'not_in_channel' });
    expect(await failure(transport().update('C0OTHER001', '1700000000.000100', payload('x')))).toMatchObject({
      kind: 'message_not_found',
      code: 'message_not_found',
    });
    fake.failNext('chat.postMessage', 1, { error: 'ratelimited' });
    expect(await failure(transport().post({ ...postRequest(), channel: 'C0OTHER001' }))).toMatchObject({ kind: 'rate_limited', code: 'ratelimited' });
  });

  it.each(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'something_new'])('%s is transient', async (code) => {
    fake.failNext('chat.postMessage', 1, { error: code });
    expect(await failure(transport().post(postRequest()))).toMatchObject({ kind: 'transient', code, options: { mayHaveLanded: true } });
  });

  it('never logs the token, even at debug level and on failures', async () => {
    const t = transport({ timeoutMs: 300 });
    await t.post(postRequest());
    fake.failNext('chat.postMessage', 1, { status: 500 });
    await failure(t.post(postRequest('b')));
    fake.failNext('chat.postMessage', 1, { hang: true });
    await failure(t.post(postRequest('c')));
    await t.findPosted(CHANNEL, 'alert:1', new Date(Date.now() - 1000));

    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(TOKEN);
    expect(log.text()).not.toContain(TOKEN.slice(5));
  });
});
