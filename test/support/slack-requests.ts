/**
 * Drive a Bolt app over real HTTP the way Slack does: signed requests to `POST /slack/events`.
 *
 * Signatures follow Slack's scheme (HMAC-SHA256 over `v0:<timestamp>:<raw body>` with the signing
 * secret, sent as `X-Slack-Signature: v0=<hex>` with `X-Slack-Request-Timestamp`), so Bolt's own
 * verification runs in tests. Form bodies are sent with the content type exactly
 * `application/x-www-form-urlencoded`: Bolt parses a form only on that exact string, and fetch
 * would add `;charset=UTF-8` if given a URLSearchParams body — so bodies are sent as strings.
 */
import { createHmac, randomUUID } from 'node:crypto';

export type JsonObject = Record<string, unknown>;

export interface SlackHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON (e.g. `ack('pong')`). */
  json: unknown;
}

export interface SendOptions {
  /** Request timestamp in epoch seconds; defaults to now. Use an old one to test staleness. */
  timestamp?: number;
  /** Sign with a wrong secret, so verification must fail. */
  badSignature?: boolean;
  /** Extra headers, e.g. `x-slack-retry-num` for Events API retries. */
  headers?: Record<string, string>;
  /** Defaults to `/slack/events`. */
  path?: string;
  /** Client-side timeout; Slack itself gives up after 3 s. Default 10 s so a hung app fails fast. */
  timeoutMs?: number;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

export const TEST_TEAM_ID = 'T0RETAGUARDA';
export const TEST_TEAM_DOMAIN = 'retaguarda';
export const TEST_APP_ID = 'A0RETAGUARDA';
/** Port 9 (discard) is closed on test machines: a respond() to it fails instead of going anywhere. */
export const UNSET_RESPONSE_URL = 'http://127.0.0.1:9/response/unset';
/** The deprecated verification token Slack still puts in payloads; Bolt ignores it. */
export const TEST_VERIFICATION_TOKEN = 'verification-token';

/** The value of `X-Slack-Signature` for a raw body: `v0=<hex HMAC-SHA256>`. */
export function signBody(secret: string, rawBody: string, timestampSeconds: number): string {
  const hmac = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`);
  return `v0=${hmac.digest('hex')}`;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** POSTs a raw body with Slack's signature headers and collects the answer. */
export async function postSigned(
  baseUrl: string,
  secret: string,
  rawBody: string,
  contentType: string,
  opts: SendOptions = {},
): Promise<SlackHttpResponse> {
  const timestamp = opts.timestamp ?? nowSeconds();
  const signingSecret = opts.badSignature === true ? `${secret}-wrong` : secret;
  const response = await fetch(new URL(opts.path ?? '/slack/events', baseUrl), {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signBody(signingSecret, rawBody, timestamp),
      ...opts.headers,
    },
    body: rawBody,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  const body = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), body, json: tryParseJson(body) };
}

function tryParseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// -------------------------------------------------------------------------------------------------
// Slash commands
// -------------------------------------------------------------------------------------------------

export interface SlashCommandFields {
  command: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  response_url?: string;
  trigger_id?: string;
  team_id?: string;
  team_domain?: string;
  api_app_id?: string;
  enterprise_id?: string;
  enterprise_name?: string;
  /** Any further field is sent as is. */
  [extra: string]: string | undefined;
}

/** The form fields of Slack's documented slash command payload, with test defaults. */
export function slashCommandBody(fields: SlashCommandFields): Record<string, string> {
  const defaults: Record<string, string> = {
    token: TEST_VERIFICATION_TOKEN,
    team_id: TEST_TEAM_ID,
    team_domain: TEST_TEAM_DOMAIN,
    channel_id: 'C0STOCK',
    channel_name: 'stock',
    user_id: 'U0CLERK',
    user_name: 'clerk',
    text: '',
    api_app_id: TEST_APP_ID,
    is_enterprise_install: 'false',
    response_url: UNSET_RESPONSE_URL,
    trigger_id: `${Date.now()}.${randomUUID()}`,
  };
  const body: Record<string, string> = { ...defaults };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) body[key] = value;
  }
  return body;
}

export function sendSlashCommand(
  baseUrl: string,
  secret: string,
  fields: SlashCommandFields,
  opts: SendOptions = {},
): Promise<SlackHttpResponse> {
  const raw = new URLSearchParams(slashCommandBody(fields)).toString();
  return postSigned(baseUrl, secret, raw, FORM, opts);
}

// -------------------------------------------------------------------------------------------------
// Interactivity: block actions and view submissions (form body `payload=<JSON>`)
// -------------------------------------------------------------------------------------------------

function sendPayload(baseUrl: string, secret: string, payload: unknown, opts: SendOptions): Promise<SlackHttpResponse> {
  const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(baseUrl, secret, raw, FORM, opts);
}

export function sendBlockAction(
  baseUrl: string,
  secret: string,
  payload: JsonObject,
  opts: SendOptions = {},
): Promise<SlackHttpResponse> {
  return sendPayload(baseUrl, secret, payload, opts);
}

export function sendViewSubmission(
  baseUrl: string,
  secret: string,
  payload: JsonObject,
  opts: SendOptions = {},
): Promise<SlackHttpResponse> {
  return sendPayload(baseUrl, secret, payload, opts);
}

/** `"1700000000.123456"`-style timestamp for now, as Slack uses for action_ts and event_ts. */
export function slackTsNow(): string {
  const micros = Date.now() * 1000;
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

function userOf(userId: string, teamId: string): JsonObject {
  return { id: userId, username: `user.${userId.toLowerCase()}`, name: `user.${userId.toLowerCase()}`, team_id: teamId };
}

export interface BlockActionOptions {
  actionId: string;
  value?: string;
  blockId?: string;
  userId?: string;
  channelId?: string;
  messageTs?: string;
  responseUrl?: string;
  triggerId?: string;
  /** The message the button sits in, as Slack sends it back; defaults to a minimal bot message. */
  message?: JsonObject;
  /** For a button in a modal or App Home instead of a message: the view it sits in. */
  view?: JsonObject;
  teamId?: string;
  /** Defaults to `button`. */
  actionType?: string;
}

/** A `block_actions` payload shaped like Slack's documented example (a button click). */
export function blockActionPayload(o: BlockActionOptions): JsonObject {
  const teamId = o.teamId ?? TEST_TEAM_ID;
  const userId = o.userId ?? 'U0CLERK';
  const action: JsonObject = {
    action_id: o.actionId,
    block_id: o.blockId ?? 'actions',
    type: o.actionType ?? 'button',
    action_ts: slackTsNow(),
    ...(o.value === undefined ? {} : { value: o.value }),
    ...(o.actionType === undefined || o.actionType === 'button'
      ? { text: { type: 'plain_text', text: o.actionId, emoji: true } }
      : {}),
  };
  const common: JsonObject = {
    type: 'block_actions',
    user: userOf(userId, teamId),
    api_app_id: TEST_APP_ID,
    token: TEST_VERIFICATION_TOKEN,
    trigger_id: o.triggerId ?? `${Date.now()}.${randomUUID()}`,
    team: { id: teamId, domain: TEST_TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
  };
  if (o.view !== undefined) {
    const viewId = typeof o.view.id === 'string' ? o.view.id : 'V0TESTVIEW';
    return { ...common, container: { type: 'view', view_id: viewId }, view: { id: viewId, ...o.view } };
  }
  const channelId = o.channelId ?? 'C0STOCK';
  const messageTs = o.messageTs ?? slackTsNow();
  return {
    ...common,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    channel: { id: channelId, name: channelId.toLowerCase() },
    message: o.message ?? { type: 'message', ts: messageTs, text: '', user: 'UBOT000001', bot_id: 'BBOT000001' },
    state: { values: {} },
    // Slack always sends one for message actions. The default points at a closed port so a
    // handler that responds without the test providing a URL fails loudly.
    response_url: o.responseUrl ?? UNSET_RESPONSE_URL,
  };
}

/** One input's state in `view.state.values[blockId][actionId]`, as Slack sends it. */
export interface ViewStateValue {
  type: string;
  value?: string | null;
  selected_option?: { text: { type: 'plain_text'; text: string }; value: string } | null;
  selected_date?: string | null;
  selected_user?: string | null;
  selected_users?: string[];
  [extra: string]: unknown;
}

export interface ViewSubmissionOptions {
  callbackId: string;
  privateMetadata?: string;
  values?: Record<string, Record<string, ViewStateValue>>;
  userId?: string;
  viewId?: string;
  teamId?: string;
  /** The submitted view's blocks, if a handler reads them. */
  blocks?: unknown[];
  title?: string;
  /** Only present when the modal has `response_url_enabled` inputs. */
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/** A `view_submission` payload shaped like Slack's documented example. */
export function viewSubmissionPayload(o: ViewSubmissionOptions): JsonObject {
  const teamId = o.teamId ?? TEST_TEAM_ID;
  const viewId = o.viewId ?? 'V0TESTVIEW';
  return {
    type: 'view_submission',
    team: { id: teamId, domain: TEST_TEAM_DOMAIN },
    user: userOf(o.userId ?? 'U0CLERK', teamId),
    view: {
      id: viewId,
      team_id: teamId,
      type: 'modal',
      title: { type: 'plain_text', text: o.title ?? 'Retaguarda', emoji: true },
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      close: { type: 'plain_text', text: 'Cancel', emoji: true },
      blocks: o.blocks ?? [],
      private_metadata: o.privateMetadata ?? '',
      callback_id: o.callbackId,
      state: { values: o.values ?? {} },
      hash: `${nowSeconds()}.${randomUUID().slice(0, 8)}`,
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: viewId,
      previous_view_id: null,
      app_id: TEST_APP_ID,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: 'BBOT000001',
    },
    api_app_id: TEST_APP_ID,
    token: TEST_VERIFICATION_TOKEN,
    trigger_id: `${Date.now()}.${randomUUID()}`,
    is_enterprise_install: false,
    enterprise: null,
    response_urls: o.responseUrls ?? [],
  };
}

// -------------------------------------------------------------------------------------------------
// Events API
// -------------------------------------------------------------------------------------------------

/** Wraps an event in Slack's `event_callback` envelope and posts it as JSON. */
export function sendEvent(
  baseUrl: string,
  secret: string,
  event: JsonObject,
  opts: SendOptions & { teamId?: string; eventId?: string } = {},
): Promise<SlackHttpResponse> {
  const teamId = opts.teamId ?? TEST_TEAM_ID;
  const envelope = {
    token: TEST_VERIFICATION_TOKEN,
    team_id: teamId,
    api_app_id: TEST_APP_ID,
    event: { event_ts: slackTsNow(), ...event },
    type: 'event_callback',
    event_id: opts.eventId ?? `Ev${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`,
    event_time: nowSeconds(),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: 'UBOT000001', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomUUID()}`,
  };
  return postSigned(baseUrl, secret, JSON.stringify(envelope), JSON_TYPE, opts);
}

/** The `app_home_opened` event Slack sends when a user opens the bot's Home tab. */
export function appHomeOpenedEvent(userId: string, channel = 'D0BOTDM'): JsonObject {
  return { type: 'app_home_opened', user: userId, channel, tab: 'home', event_ts: slackTsNow() };
}
