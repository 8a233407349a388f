/**
 * A local stand-in for Slack's Web API, for tests that run the bot (or a bare WebClient) offline.
 *
 *   const fake = await startFakeSlack();
 *   const app = new App({ token, signingSecret, clientOptions: { slackApiUrl: fake.apiUrl } });
 *   ...
 *   await fake.close();
 *
 * It keeps an in-memory model of what Slack would hold (channel histories with metadata, thread
 * replies, ephemeral messages, open views, App Home tabs, channel membership) so tests assert on
 * outcomes — "the alert message was updated in place" — rather than on call sequences only. Every
 * request is also recorded in `calls`, including methods the fake does not model (answered
 * `{ ok: true }` so new code does not crash tests; see `unknownMethods()`).
 *
 * Faults are scripted per method with `failNext`, to exercise the outbox: rate limits, 5xx,
 * permanent `ok: false` errors, slow answers that time the client out after the post landed,
 * requests that never get an answer, and connections reset before any answer.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateBlocks, validateMessageText, validateView } from './block-kit-limits.js';

// Captured at load time: a test that installs fake timers (vi.useFakeTimers) after importing this
// module must not freeze the fake's latency, hangs or wait timeouts.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Form fields that Slack clients send as JSON strings (the WebClient JSON-encodes every object). */
const JSON_FIELDS = ['blocks', 'attachments', 'metadata', 'view', 'unfurls', 'user_auth_blocks'] as const;

export type JsonObject = Record<string, unknown>;

/** A request to the fake Web API, as received (JSON-valued form fields decoded, nothing else). */
export interface RecordedCall {
  method: string;
  /** Booleans and numbers sent form-encoded stay strings (`"true"`, `"50"`), as Slack sees them. */
  body: JsonObject;
  token: string | undefined;
  at: Date;
  contentType: string;
  /** The scripted fault applied to this call, if any. */
  fault?: Fault;
}

/**
 * A scripted answer for one call. `land: true` on a 5xx, a hang or a reset means the request was
 * processed (a post is stored) before the failure, as happens when Slack or a proxy fails after
 * the write. `reset` destroys the connection without answering (the client sees ECONNRESET).
 */
export type Fault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503; land?: boolean }
  | { error: string }
  | { delayMs: number }
  | { hang: true; land?: boolean }
  | { reset: true; land?: boolean };

/** Faults drawn at random, for soak runs (scripts/faults): see `failRandomly`. */
export interface RandomFaults {
  /** only calls to these methods are affected */
  methods: readonly string[];
  /** share of those calls that get a fault, from 0 to 1 */
  rate: number;
  /** the faults to draw from, each equally likely */
  mix: readonly Fault[];
  /** Math.random by default; a seeded generator makes a run repeatable */
  random?: () => number;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: JsonObject;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  metadata: MessageMetadata | undefined;
  thread_ts: string | undefined;
  reply_broadcast: boolean;
  /** Bot user that posted it (the fake's bot). */
  user: string;
  /** How many times chat.update changed it. */
  updates: number;
  /** When chat.update last changed it. */
  edited_ts: string | undefined;
}

export interface StoredEphemeral {
  channel: string;
  /** The only user who sees it. */
  user: string;
  message_ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  thread_ts: string | undefined;
}

export interface StoredView {
  id: string;
  hash: string;
  /** The view as the fake last returned it (what Slack shows). */
  view: JsonObject;
  /** `views.open`, `views.push`, `views.update` or `views.publish`: who set it last. */
  lastMethod: string;
}

export interface RecordedResponse {
  /** The id in the `/response/<id>` URL. */
  id: string;
  body: unknown;
  at: Date;
}

export interface FakeSlackOptions {
  botUserId?: string;
  botId?: string;
  appId?: string;
  teamId?: string;
  teamDomain?: string;
  /** When set, any other token gets `invalid_auth`. A missing token always gets `not_authed`. */
  tokens?: string[];
  /** Initial `usergroups` map (user group ID → member user IDs). */
  usergroups?: Record<string, string[]>;
  /**
   * Clock for message timestamps, in epoch milliseconds. Defaults to `Date.now`, so a `ts` is
   * close to the real time and a sender looking for its post in a recent `oldest` window finds it.
   */
  now?: () => number;
}

type ApiResult = { ok: boolean } & JsonObject;
type Handler = (body: JsonObject, method: string) => ApiResult;

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Slack accepts `true`, `"true"` and `"1"` for boolean arguments. */
function bool(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** A Slack `ts` ("1700000000.000100") as integer microseconds, so comparisons are exact. */
export function tsToMicros(ts: string): number {
  const [seconds = '0', fraction = ''] = ts.split('.');
  return Number(seconds) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

export function microsToTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

function fail(error: string, extra: JsonObject = {}): ApiResult {
  return { ok: false, error, ...extra };
}

/** `invalid_arguments` in Slack's shape: the details go in `response_metadata.messages`. */
function invalidArguments(violations: string[]): ApiResult {
  return fail('invalid_arguments', {
    response_metadata: { messages: violations.map((v) => `[ERROR] ${v}`) },
  });
}

function decodeJsonFields(body: JsonObject): JsonObject {
  for (const field of JSON_FIELDS) {
    const value = body[field];
    if (typeof value !== 'string') continue;
    try {
      body[field] = JSON.parse(value) as unknown;
    } catch {
      // Left as the raw string: handlers answer with Slack's *_format errors for it.
    }
  }
  return body;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new BadRequest(400, 'invalid JSON body');
  }
}

function parseBody(raw: string, contentType: string): JsonObject {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (raw.trim() === '') return {};
  if (mediaType === 'application/json') {
    const parsed = parseJson(raw);
    if (!isObject(parsed)) throw new BadRequest(400, 'JSON body must be an object');
    return decodeJsonFields(parsed);
  }
  if (mediaType === 'application/x-www-form-urlencoded' || mediaType === '') {
    return decodeJsonFields(Object.fromEntries(new URLSearchParams(raw)));
  }
  throw new BadRequest(415, `unsupported content type ${contentType}`);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(413, 'body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

function isWritable(res: ServerResponse): boolean {
  return !res.writableEnded && !res.destroyed && res.socket !== null && !res.socket.destroyed;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // The client may have timed out and gone: answering into a dead socket is not an error here.
  if (!isWritable(res)) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(text);
}

export class FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  /** Every Web API request, in arrival order. Cleared in place by `reset()`. */
  readonly calls: RecordedCall[] = [];
  /** Every POST to a `responseUrl()`, in arrival order. Cleared in place by `reset()`. */
  readonly responses: RecordedResponse[] = [];
  /** User group ID → member IDs, for `usergroups.users.list`. Assign freely. */
  usergroups: Record<string, string[]>;
  /** Per-user overrides merged into the `users.info` answer. Assign freely. */
  users: Record<string, JsonObject> = {};

  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly teamId: string;
  readonly teamDomain: string;

  private readonly events = new EventEmitter();
  private readonly handlers: Record<string, Handler>;
  private readonly now: () => number;
  private readonly tokens: ReadonlySet<string> | undefined;

  private history = new Map<string, StoredMessage[]>();
  private ephemeral = new Map<string, StoredEphemeral[]>();
  private views = new Map<string, StoredView>();
  private homes = new Map<string, string>();
  /** user ID → the DM conversation conversations.open answered */
  private dms = new Map<string, string>();
  private notInChannel = new Set<string>();
  private archived = new Set<string>();
  private faults = new Map<string, Fault[]>();
  private randomFaults: RandomFaults | undefined;
  private globalDelayMs = 0;
  private lastTsMicros = 0;
  private counter = 0;

  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly hanging = new Set<ServerResponse>();
  private closed = false;

  constructor(
    private readonly server: Server,
    port: number,
    opts: FakeSlackOptions,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.url}/api/`;
    this.botUserId = opts.botUserId ?? 'UBOT000001';
    this.botId = opts.botId ?? 'BBOT000001';
    this.appId = opts.appId ?? 'A0RETAGUARDA';
    this.teamId = opts.teamId ?? 'T0RETAGUARDA';
    this.teamDomain = opts.teamDomain ?? 'retaguarda';
    this.usergroups = { ...opts.usergroups };
    this.tokens = opts.tokens === undefined ? undefined : new Set(opts.tokens);
    this.now = opts.now ?? Date.now;
    this.events.setMaxListeners(0);
    this.handlers = {
      'auth.test': () => this.authTest(),
      'chat.postMessage': (body) => this.postMessage(body),
      'chat.postEphemeral': (body) => this.postEphemeral(body),
      'chat.update': (body) => this.updateMessage(body),
      'chat.delete': (body) => this.deleteMessageCall(body),
      'conversations.history': (body) => this.conversationsHistory(body),
      'conversations.replies': (body) => this.conversationsReplies(body),
      'conversations.join': (body) => this.conversationsJoin(body),
      'conversations.info': (body) => this.conversationsInfo(body),
      'conversations.open': (body) => this.conversationsOpen(body),
      'views.open': (body, method) => this.viewsOpen(body, method),
      'views.push': (body, method) => this.viewsOpen(body, method),
      'views.update': (body) => this.viewsUpdate(body),
      'views.publish': (body) => this.viewsPublish(body),
      'usergroups.users.list': (body) => this.usergroupsUsersList(body),
      'users.info': (body) => this.usersInfo(body),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Test helpers
  // ---------------------------------------------------------------------------------------------

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Names of methods that were called but are not modelled (they got a bare `{ ok: true }`). */
  unknownMethods(): string[] {
    return [...new Set(this.calls.map((c) => c.method).filter((m) => !(m in this.handlers)))];
  }

  /** Messages in a channel, oldest first: top-level and thread replies. */
  messages(channel: string): StoredMessage[] {
    return [...(this.history.get(channel) ?? [])];
  }

  ephemerals(channel: string): StoredEphemeral[] {
    return [...(this.ephemeral.get(channel) ?? [])];
  }

  /** The DM conversation (`D…`) opened with a user by conversations.open, if any. */
  dmChannelOf(userId: string): string | undefined {
    return this.dms.get(userId);
  }

  /** Messages in the DM opened with a user (conversations.open), oldest first. */
  dmMessages(userId: string): StoredMessage[] {
    const channel = this.dms.get(userId);
    return channel === undefined ? [] : this.messages(channel);
  }

  /** The App Home view last published for a user, as Slack would show it. */
  homeOf(userId: string): JsonObject | undefined {
    const viewId = this.homes.get(userId);
    return viewId === undefined ? undefined : this.views.get(viewId)?.view;
  }

  viewById(viewId: string): StoredView | undefined {
    return this.views.get(viewId);
  }

  /** Simulates someone deleting a message in Slack: a later chat.update gets message_not_found. */
  deleteMessage(channel: string, ts: string): boolean {
    const messages = this.history.get(channel);
    const index = messages?.findIndex((m) => m.ts === ts) ?? -1;
    if (messages === undefined || index < 0) return false;
    messages.splice(index, 1);
    this.changed();
    return true;
  }

  /** `chat.postMessage` answers `not_in_channel` for this channel until `conversations.join`. */
  setNotInChannel(channel: string): void {
    this.notInChannel.add(channel);
  }

  /** The channel is archived for good: posts, updates and joins answer `is_archived`. */
  archive(channel: string): void {
    this.archived.add(channel);
  }

  /** The next `n` calls to `method` get `fault`, after any faults already queued for it. */
  failNext(method: string, n: number, fault: Fault): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < n; i++) queue.push(fault);
    this.faults.set(method, queue);
  }

  /**
   * From now on, each call to one of `faults.methods` gets a fault drawn from `faults.mix` with
   * probability `faults.rate` (after any queued `failNext` faults). `undefined` stops it.
   */
  failRandomly(faults: RandomFaults | undefined): void {
    this.randomFaults = faults;
  }

  /** Latency added to every Web API answer (after the request was processed). */
  delayAll(ms: number): void {
    this.globalDelayMs = ms;
  }

  /** A fresh `response_url` on this server; POSTs to it land in `responses`. */
  responseUrl(): string {
    return `${this.url}/response/r${++this.counter}`;
  }

  /**
   * Clears recorded calls, responses, stored messages, views, membership and archive flags,
   * scripted faults and global latency. Configuration (`usergroups`, `users`, options) stays.
   */
  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.history.clear();
    this.ephemeral.clear();
    this.views.clear();
    this.homes.clear();
    this.dms.clear();
    this.notInChannel.clear();
    this.archived.clear();
    this.faults.clear();
    this.randomFaults = undefined;
    this.globalDelayMs = 0;
  }

  /** Resolves once `predicate` returns a value other than undefined/false, checked on each change. */
  waitUntil<T>(predicate: () => T | undefined | false, timeoutMs: number, describeWait: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const value = predicate();
        if (value === undefined || value === false) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = realSetTimeout(() => {
        cleanup();
        reject(new Error(describeWait()));
      }, timeoutMs);
      const cleanup = (): void => {
        realClearTimeout(timer);
        this.events.off('change', check);
      };
      if (!check()) this.events.on('change', check);
    });
  }

  /** Resolves with the calls to `method` once at least `count` were received. */
  waitForCalls(method: string, count = 1, timeoutMs = 5000): Promise<RecordedCall[]> {
    return this.waitUntil(
      () => {
        const matching = this.callsTo(method);
        return matching.length >= count ? matching : undefined;
      },
      timeoutMs,
      () =>
        `waited ${timeoutMs} ms for ${count} call(s) to ${method}, got ${this.callsTo(method).length}; ` +
        `calls received: ${this.summarizeCalls()}`,
    );
  }

  /** Resolves with the `count`-th POST to a response URL (given as the URL or its id). */
  waitForResponse(idOrUrl: string, timeoutMs = 5000, count = 1): Promise<RecordedResponse> {
    const id = idOrUrl.includes('/response/') ? (idOrUrl.split('/response/')[1] ?? idOrUrl) : idOrUrl;
    return this.waitUntil(
      () => this.responses.filter((r) => r.id === id)[count - 1],
      timeoutMs,
      () => {
        const got = this.responses.filter((r) => r.id === id).length;
        const others = [...new Set(this.responses.map((r) => r.id))].join(', ') || 'none';
        return `waited ${timeoutMs} ms for response #${count} to response_url ${id}, got ${got}; ids with responses: ${others}`;
      },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) realClearTimeout(timer);
    this.timers.clear();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive sockets (fetch keeps them) would otherwise hold close() and vitest open.
    this.server.closeAllConnections();
    await closing;
  }

  private summarizeCalls(): string {
    const counts = new Map<string, number>();
    for (const call of this.calls) counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    return [...counts].map(([method, n]) => `${method} ×${n}`).join(', ') || 'none';
  }

  private changed(): void {
    this.events.emit('change');
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP plumbing
  // ---------------------------------------------------------------------------------------------

  /** Entry point for every HTTP request; never throws. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.url);
      const raw = await readBody(req);
      const contentType = req.headers['content-type'] ?? '';
      if (url.pathname.startsWith('/api/')) {
        const query = Object.fromEntries(url.searchParams);
        const body = { ...decodeJsonFields(query), ...parseBody(raw, contentType) };
        await this.handleApi(decodeURIComponent(url.pathname.slice('/api/'.length)), body, req, res);
      } else if (url.pathname.startsWith('/response/') && req.method === 'POST') {
        this.handleResponseUrl(url.pathname.slice('/response/'.length), raw, contentType, res);
      } else {
        send(res, 404, { ok: false, error: 'unknown_path' });
      }
    } catch (error) {
      if (error instanceof BadRequest) send(res, error.status, { ok: false, error: error.message });
      else send(res, 500, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private handleResponseUrl(id: string, raw: string, contentType: string, res: ServerResponse): void {
    // Bolt's respond() posts JSON; anything else is kept as parsed form fields.
    const body: unknown = contentType.includes('json') ? parseJson(raw) : parseBody(raw, contentType);
    this.responses.push({ id, body, at: new Date(this.now()) });
    this.changed();
    send(res, 200, { ok: true });
  }

  private async handleApi(method: string, body: JsonObject, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = bearerToken(req) ?? str(body.token);
    const fault = this.faults.get(method)?.shift() ?? this.drawFault(method);
    const call: RecordedCall = {
      method,
      body,
      token,
      at: new Date(this.now()),
      contentType: req.headers['content-type'] ?? '',
      ...(fault === undefined ? {} : { fault }),
    };
    this.calls.push(call);
    // Processing happens in the same synchronous run as recording, so a test woken by
    // waitForCalls already sees the stored message.
    const result = this.shouldProcess(fault) ? this.process(method, body, token) : undefined;
    this.changed();

    if (fault !== undefined && 'hang' in fault) {
      // Never answered; close() destroys the socket.
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if (fault !== undefined && 'reset' in fault) {
      // No status line at all: the socket goes away under the client (RST, not a clean close).
      req.socket.resetAndDestroy();
      return;
    }
    await this.sleep(this.globalDelayMs + (fault !== undefined && 'delayMs' in fault ? fault.delayMs : 0));
    if (fault !== undefined && 'status' in fault) return this.sendStatusFault(res, fault);
    if (fault !== undefined && 'error' in fault) return send(res, 200, fail(fault.error));
    send(res, 200, result ?? { ok: true });
  }

  private drawFault(method: string): Fault | undefined {
    const random = this.randomFaults;
    if (random === undefined || random.mix.length === 0 || !random.methods.includes(method)) return undefined;
    const draw = random.random ?? Math.random;
    if (draw() >= random.rate) return undefined;
    return random.mix[Math.floor(draw() * random.mix.length)];
  }

  private shouldProcess(fault: Fault | undefined): boolean {
    if (fault === undefined || 'delayMs' in fault) return true;
    if ('hang' in fault || 'reset' in fault) return fault.land === true;
    if ('status' in fault && fault.status !== 429) return fault.land === true;
    return false;
  }

  private sendStatusFault(res: ServerResponse, fault: Extract<Fault, { status: number }>): void {
    if (fault.status === 429) {
      send(res, 429, fail('ratelimited'), { 'retry-after': String(fault.retryAfter) });
    } else {
      send(res, fault.status, `fake upstream error ${fault.status}`);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = realSetTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private process(method: string, body: JsonObject, token: string | undefined): ApiResult {
    if (token === undefined) return fail('not_authed');
    if (this.tokens !== undefined && !this.tokens.has(token)) return fail('invalid_auth');
    const handler = this.handlers[method];
    return handler === undefined ? { ok: true } : handler(body, method);
  }

  // ---------------------------------------------------------------------------------------------
  // Web API methods
  // ---------------------------------------------------------------------------------------------

  private authTest(): ApiResult {
    return {
      ok: true,
      url: `https://${this.teamDomain}.slack.com/`,
      team: 'Retaguarda Test',
      user: 'retaguarda',
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    };
  }

  /** A unique, increasing ts near the fake's clock (100 µs apart when the clock stands still). */
  private nextTs(): string {
    this.lastTsMicros = Math.max(Math.floor(this.now()) * 1000, this.lastTsMicros + 100);
    return microsToTs(this.lastTsMicros);
  }

  private channelError(channel: string): ApiResult | undefined {
    if (this.archived.has(channel)) return fail('is_archived');
    if (this.notInChannel.has(channel)) return fail('not_in_channel');
    return undefined;
  }

  /** Checks text/blocks/metadata the way chat.postMessage and chat.update do. */
  private contentError(body: JsonObject): ApiResult | undefined {
    const { text, blocks, attachments, metadata } = body;
    if (str(text) === undefined && blocks === undefined && attachments === undefined) return fail('no_text');
    if (text !== undefined && validateMessageText(String(text)).length > 0) return fail('msg_too_long');
    if (blocks !== undefined) {
      if (!Array.isArray(blocks)) return fail('invalid_blocks_format');
      const violations = validateBlocks(blocks, 'message');
      if (violations.length > 0) {
        return fail('invalid_blocks', {
          errors: violations,
          response_metadata: { messages: violations.map((v) => `[ERROR] ${v}`) },
        });
      }
    }
    if (metadata !== undefined && parseMetadata(metadata) === undefined) return fail('invalid_metadata_format');
    return undefined;
  }

  private postMessage(body: JsonObject): ApiResult {
    const channel = str(body.channel);
    if (channel === undefined) return fail('channel_not_found');
    const refused = this.channelError(channel) ?? this.contentError(body);
    if (refused !== undefined) return refused;

    const threadTs = str(body.thread_ts);
    const message: StoredMessage = {
      channel,
      ts: this.nextTs(),
      text: str(body.text),
      blocks: Array.isArray(body.blocks) ? body.blocks : undefined,
      metadata: parseMetadata(body.metadata),
      thread_ts: threadTs,
      reply_broadcast: bool(body.reply_broadcast),
      user: this.botUserId,
      updates: 0,
      edited_ts: undefined,
    };
    const messages = this.history.get(channel) ?? [];
    messages.push(message);
    this.history.set(channel, messages);
    // A post to a user ID lands in the DM; the fake keeps it under the ID it was sent to.
    return { ok: true, channel, ts: message.ts, message: this.render(message, true) };
  }

  private postEphemeral(body: JsonObject): ApiResult {
    const channel = str(body.channel);
    const user = str(body.user);
    if (channel === undefined) return fail('channel_not_found');
    if (user === undefined) return fail('user_not_found');
    const refused = this.channelError(channel) ?? this.contentError(body);
    if (refused !== undefined) return refused;
    const ephemeral: StoredEphemeral = {
      channel,
      user,
      message_ts: this.nextTs(),
      text: str(body.text),
      blocks: Array.isArray(body.blocks) ? body.blocks : undefined,
      thread_ts: str(body.thread_ts),
    };
    const list = this.ephemeral.get(channel) ?? [];
    list.push(ephemeral);
    this.ephemeral.set(channel, list);
    return { ok: true, message_ts: ephemeral.message_ts };
  }

  private findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.history.get(channel)?.find((m) => m.ts === ts);
  }

  private updateMessage(body: JsonObject): ApiResult {
    const channel = str(body.channel);
    const ts = str(body.ts);
    if (channel === undefined) return fail('channel_not_found');
    if (ts === undefined) return fail('message_not_found');
    if (this.archived.has(channel)) return fail('is_archived');
    const message = this.findMessage(channel, ts);
    if (message === undefined) return fail('message_not_found');
    const refused = this.contentError(body);
    if (refused !== undefined) return refused;

    if (body.text !== undefined) message.text = str(body.text);
    if (Array.isArray(body.blocks)) message.blocks = body.blocks;
    if (body.metadata !== undefined) message.metadata = parseMetadata(body.metadata);
    message.updates += 1;
    message.edited_ts = microsToTs(Math.floor(this.now()) * 1000);
    return { ok: true, channel, ts, text: message.text ?? '', message: this.render(message, true) };
  }

  private deleteMessageCall(body: JsonObject): ApiResult {
    const channel = str(body.channel);
    const ts = str(body.ts);
    if (channel === undefined) return fail('channel_not_found');
    if (ts === undefined || !this.deleteMessage(channel, ts)) return fail('message_not_found');
    return { ok: true, channel, ts };
  }

  /** A stored message in the shape conversations.history returns. */
  private render(message: StoredMessage, includeMetadata: boolean): JsonObject {
    const replies = this.repliesTo(message.channel, message.ts);
    return {
      type: 'message',
      user: message.user,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
      text: message.text ?? '',
      ts: message.ts,
      ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
      ...(message.thread_ts === undefined ? {} : { thread_ts: message.thread_ts }),
      ...(replies.length === 0 ? {} : { thread_ts: message.ts, reply_count: replies.length }),
      ...(message.edited_ts === undefined ? {} : { edited: { user: message.user, ts: message.edited_ts } }),
      ...(includeMetadata && message.metadata !== undefined ? { metadata: message.metadata } : {}),
    };
  }

  private repliesTo(channel: string, ts: string): StoredMessage[] {
    return (this.history.get(channel) ?? []).filter((m) => m.thread_ts === ts && m.ts !== ts);
  }

  private conversationsHistory(body: JsonObject): ApiResult {
    const channel = str(body.channel);
    // Every channel ID is treated as existing: an empty channel answers an empty history.
    if (channel === undefined) return fail('channel_not_found');
    // Top-level messages only (and replies broadcast to the channel), as Slack does.
    const topLevel = (this.history.get(channel) ?? []).filter(
      (m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.reply_broadcast,
    );
    const { page, hasMore } = windowed(topLevel, body);
    const includeMetadata = bool(body.include_all_metadata);
    return {
      ok: true,
      messages: page.reverse().map((m) => this.render(m, includeMetadata)),
      has_more: hasMore,
      pin_count: 0,
      response_metadata: { next_cursor: '' },
    };
  }

  private conversationsReplies(body: JsonObject): ApiResult {
    const channel = str(body.channel);
    const ts = str(body.ts);
    if (channel === undefined) return fail('channel_not_found');
    if (ts === undefined) return fail('thread_not_found');
    const parent = this.findMessage(channel, ts);
    if (parent === undefined) return fail('thread_not_found');
    // Oldest first, parent first, like Slack.
    const { page, hasMore } = windowed([parent, ...this.repliesTo(channel, ts)], body, 'oldest-first');
    const includeMetadata = bool(body.include_all_metadata);
    return {
      ok: true,
      messages: page.map((m) => this.render(m, includeMetadata)),
      has_more: hasMore,
      response_metadata: { next_cursor: '' },
    };
  }

  private conversationsJoin(body: JsonObject): ApiResult {
    const channel = str(body.channel);
    if (channel === undefined) return fail('channel_not_found');
    if (this.archived.has(channel)) return fail('is_archived');
    this.notInChannel.delete(channel);
    return { ok: true, channel: this.channelInfo(channel) };
  }

  private conversationsInfo(body: JsonObject): ApiResult {
    const channel = str(body.channel);
    if (channel === undefined) return fail('channel_not_found');
    return { ok: true, channel: this.channelInfo(channel) };
  }

  /** One user: their DM with the bot, the same `D…` every time. Group DMs are not modelled. */
  private conversationsOpen(body: JsonObject): ApiResult {
    const users = str(body.users)?.split(',').filter(Boolean) ?? [];
    if (users.length === 0) return fail('users_list_not_supplied');
    if (users.length > 1) return fail('not_supported');
    const user = users[0]!;
    if (user === this.botUserId) return fail('cannot_dm_bot');
    if (!/^[UW][A-Z0-9]+$/.test(user)) return fail('user_not_found');
    const existing = this.dms.get(user);
    const id = existing ?? `D${this.nextId()}`;
    this.dms.set(user, id);
    return { ok: true, ...(existing ? { already_open: true } : {}), channel: { id } };
  }

  private channelInfo(channel: string): JsonObject {
    return {
      id: channel,
      name: channel.toLowerCase(),
      is_channel: true,
      is_private: false,
      is_archived: this.archived.has(channel),
      is_member: !this.notInChannel.has(channel),
    };
  }

  private viewsOpen(body: JsonObject, method: string): ApiResult {
    if (str(body.trigger_id) === undefined) return invalidArguments(['missing required field: trigger_id']);
    return this.storeView(body.view, method, 'modal', `V${this.nextId()}`);
  }

  private viewsUpdate(body: JsonObject): ApiResult {
    const viewId = str(body.view_id) ?? this.viewIdByExternalId(str(body.external_id));
    if (viewId === undefined) return invalidArguments(['missing required field: view_id or external_id']);
    const existing = this.views.get(viewId);
    const hash = str(body.hash);
    if (existing !== undefined && hash !== undefined && hash !== existing.hash) return fail('hash_conflict');
    // A view the fake never opened is accepted: tests invent view IDs in interaction payloads.
    return this.storeView(body.view, 'views.update', 'modal', viewId);
  }

  private viewsPublish(body: JsonObject): ApiResult {
    const userId = str(body.user_id);
    if (userId === undefined) return invalidArguments(['missing required field: user_id']);
    const viewId = this.homes.get(userId) ?? `V${this.nextId()}`;
    const result = this.storeView(body.view, 'views.publish', 'home', viewId);
    if (result.ok) this.homes.set(userId, viewId);
    return result;
  }

  private viewIdByExternalId(externalId: string | undefined): string | undefined {
    if (externalId === undefined) return undefined;
    return [...this.views.values()].find((v) => v.view.external_id === externalId)?.id;
  }

  private storeView(view: unknown, method: string, expected: 'modal' | 'home', id: string): ApiResult {
    const violations = validateView(view);
    if (isObject(view) && view.type !== expected) violations.push(`view.type: must be "${expected}" for ${method}`);
    if (violations.length > 0 || !isObject(view)) return invalidArguments(violations);
    const hash = `${Math.floor(this.now() / 1000)}.${this.nextId()}`;
    const rendered: JsonObject = {
      id,
      team_id: this.teamId,
      type: expected,
      private_metadata: '',
      callback_id: '',
      external_id: '',
      state: { values: {} },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      root_view_id: id,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
      ...view,
      hash,
    };
    this.views.set(id, { id, hash, view: rendered, lastMethod: method });
    return { ok: true, view: rendered };
  }

  private nextId(): string {
    return String(++this.counter).padStart(8, '0');
  }

  private usergroupsUsersList(body: JsonObject): ApiResult {
    const group = str(body.usergroup);
    const users = group === undefined ? undefined : this.usergroups[group];
    if (users === undefined) return fail('no_such_subteam');
    return { ok: true, users: [...users] };
  }

  private usersInfo(body: JsonObject): ApiResult {
    const id = str(body.user);
    if (id === undefined) return fail('user_not_found');
    const name = `user.${id.toLowerCase()}`;
    return {
      ok: true,
      user: {
        id,
        team_id: this.teamId,
        name,
        real_name: `Test User ${id}`,
        deleted: false,
        is_bot: false,
        is_admin: false,
        tz: 'America/Sao_Paulo',
        tz_label: 'Brasilia Standard Time',
        tz_offset: -10800,
        locale: 'pt-BR',
        profile: { real_name: `Test User ${id}`, display_name: name, email: `${name}@example.com` },
        ...this.users[id],
      },
    };
  }
}

function parseMetadata(value: unknown): MessageMetadata | undefined {
  if (!isObject(value)) return undefined;
  const { event_type: eventType, event_payload: payload } = value;
  if (typeof eventType !== 'string' || !isObject(payload)) return undefined;
  return { event_type: eventType, event_payload: payload };
}

/**
 * Applies `oldest`, `latest` (exclusive unless `inclusive`) and `limit` (default 100) to messages
 * sorted oldest first. History pages from the newest end; replies from the oldest.
 */
function windowed(
  messages: StoredMessage[],
  body: JsonObject,
  order: 'newest-first' | 'oldest-first' = 'newest-first',
): { page: StoredMessage[]; hasMore: boolean } {
  const inclusive = bool(body.inclusive);
  const oldestTs = str(body.oldest);
  const latestTs = str(body.latest);
  const oldest = oldestTs === undefined ? -Infinity : tsToMicros(oldestTs);
  const latest = latestTs === undefined ? Infinity : tsToMicros(latestTs);
  const inWindow = messages.filter((m) => {
    const t = tsToMicros(m.ts);
    return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
  });
  const parsedLimit = Number(str(body.limit) ?? 100);
  const limit = Number.isInteger(parsedLimit) && parsedLimit > 0 ? Math.min(parsedLimit, 999) : 100;
  const hasMore = inWindow.length > limit;
  const page = order === 'newest-first' ? inWindow.slice(-limit) : inWindow.slice(0, limit);
  return { page, hasMore };
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. Call `close()` when done. */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  let fake: FakeSlack | undefined;
  const server = createServer((req, res) => {
    if (fake === undefined) send(res, 503, { ok: false, error: 'starting' });
    else void fake.handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  fake = new FakeSlack(server, port, opts);
  return fake;
}
