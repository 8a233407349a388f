// The outbox's way into Slack: its own WebClient with no retries of its own (retries, pacing and
// 429 waits happen once, in the outbox sender), a request timeout, and every failure classified
// into a TransportError.
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import { maskSecrets, type Logger } from '../lib/logger.js';
import { slackLogger } from '../lib/slack-logger.js';
import { OUTBOX_EVENT_TYPE, TransportError, type MessagePayload, type MessageTransport, type PostRequest } from './message-transport.js';

export interface SlackTransportOptions {
  token: string;
  /** Web API base URL, e.g. http://127.0.0.1:1234/api/ in tests; Slack's by default */
  apiUrl?: string;
  logger: Logger;
  /** per-request timeout */
  timeoutMs?: number;
  /** findPosted: how far before `since` to look (clock skew between us and Slack) */
  findMarginMs?: number;
  /** findPosted: at most this many pages ... */
  findMaxPages?: number;
  /** ... of this many messages */
  findPageSize?: number;
}

/** When a 429 carries no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 30_000;

/** `ok: false` errors that will not go away by retrying: the row fails and people see why. */
export const PERMANENT_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'is_archived',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'restricted_action',
  'no_text',
  'invalid_arguments',
  'invalid_metadata_format',
  'method_not_supported_for_channel_type',
  'cant_update_message',
  'edit_window_closed',
  // conversations.open (a DM): the person is gone, or is a bot
  'user_not_found',
  'users_not_found',
  'user_disabled',
  'cannot_dm_bot',
]);

type Operation = 'post' | 'update' | 'find' | 'join' | 'open';

/**
 * Maps anything a WebClient call can throw to a TransportError. `mayHaveLanded` is set only for a
 * post whose outcome is unknown (timeout, 5xx, connection reset, a transient `ok: false`).
 */
export function classifySlackError(error: unknown, operation: Operation): TransportError {
  if (error instanceof TransportError) return error;
  const posting = operation === 'post';
  if (error instanceof WebAPIRateLimitedError) {
    const seconds = error.retryAfter;
    const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
    return new TransportError('rate_limited', 'ratelimited', { retryAfterMs });
  }
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    if (code === 'ratelimited' || code === 'rate_limited') {
      const seconds = Number(error.data.response_metadata?.retryAfter);
      const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
      return new TransportError('rate_limited', code, { retryAfterMs });
    }
    if (code === 'not_in_channel') return new TransportError('not_in_channel', code);
    if (code === 'message_not_found') return new TransportError('message_not_found', code);
    if (PERMANENT_SLACK_ERRORS.has(code)) return new TransportError('permanent', code);
    // internal_error, fatal_error, service_unavailable, request_timeout, …: Slack may have done it.
    return new TransportError('transient', code, { mayHaveLanded: posting });
  }
  if (error instanceof WebAPIHTTPError) {
    if (error.statusCode === 429) {
      return new TransportError('rate_limited', 'http_429', { retryAfterMs: retryAfterHeaderMs(error.headers) ?? DEFAULT_RETRY_AFTER_MS });
    }
    return new TransportError('transient', `http_${error.statusCode}`, { mayHaveLanded: posting });
  }
  if (error instanceof WebAPIRequestError) {
    const original = error.original;
    const timedOut = original.name === 'TimeoutError' || original.name === 'AbortError';
    const code = timedOut ? 'timeout' : `request_error: ${maskSecrets(original.message)}`;
    return new TransportError('transient', code, { mayHaveLanded: posting });
  }
  const message = error instanceof Error ? error.message : String(error);
  // The WebClient rejects a 429 whose Retry-After it cannot parse with a plain Error.
  if (/rate limit|retry header/i.test(message)) {
    return new TransportError('rate_limited', 'ratelimited', { retryAfterMs: DEFAULT_RETRY_AFTER_MS });
  }
  return new TransportError('transient', maskSecrets(message), { mayHaveLanded: posting });
}

function retryAfterHeaderMs(headers: Record<string, string>): number | undefined {
  const value = Number.parseInt(headers['retry-after'] ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

interface HistoryPage {
  messages?: HistoryMessage[];
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

/** A Slack ts for an instant (seconds with microseconds). */
function toSlackTs(ms: number): string {
  const micros = Math.max(0, Math.floor(ms)) * 1000;
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

function compareTs(a: string, b: string): number {
  const [as = '0', af = ''] = a.split('.');
  const [bs = '0', bf = ''] = b.split('.');
  return Number(as) - Number(bs) || Number(af.padEnd(6, '0')) - Number(bf.padEnd(6, '0'));
}

export function createSlackTransport(options: SlackTransportOptions): MessageTransport {
  const { token, logger, timeoutMs = 10_000, findMarginMs = 30_000, findMaxPages = 3, findPageSize = 200 } = options;
  const client = new WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: slackLogger(logger, 'slack-web-api', { quietWarnings: true }),
  });

  async function call<T>(operation: Operation, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw classifySlackError(error, operation);
    }
  }

  const matches = (message: HistoryMessage, key: string) =>
    message.metadata?.event_type === OUTBOX_EVENT_TYPE && message.metadata.event_payload?.key === key;

  return {
    async post(request: PostRequest): Promise<string> {
      const result = await call('post', () =>
        client.chat.postMessage({
          channel: request.channel,
          text: request.payload.text,
          // A plain-text message has no blocks at all (an empty list is not a message layout).
          ...(request.payload.blocks.length > 0 ? { blocks: request.payload.blocks } : {}),
          metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: request.key } },
          unfurl_links: false,
          unfurl_media: false,
          ...(request.threadTs ? { thread_ts: request.threadTs } : {}),
        }),
      );
      if (!result.ts) throw new TransportError('transient', 'no_ts_in_answer', { mayHaveLanded: true });
      return result.ts;
    },

    async update(channel: string, ts: string, payload: MessagePayload): Promise<void> {
      // No metadata: chat.update keeps the message's own (the key of the row that posted it).
      // Blocks always: an empty list removes the previous version's blocks.
      await call('update', () => client.chat.update({ channel, ts, text: payload.text, blocks: payload.blocks }));
    },

    async findPosted(channel: string, key: string, since: Date, threadTs?: string): Promise<string | undefined> {
      const oldest = toSlackTs(since.getTime() - findMarginMs);
      if (threadTs) {
        // Replies come oldest first: page forward from `oldest`.
        let cursor: string | undefined;
        let from = oldest;
        for (let page = 0; page < findMaxPages; page++) {
          let result: HistoryPage;
          try {
            result = (await client.conversations.replies({
              channel,
              ts: threadTs,
              oldest: from,
              limit: findPageSize,
              include_all_metadata: true,
              ...(cursor ? { cursor } : {}),
            })) as HistoryPage;
          } catch (error) {
            // The parent is gone: a reply to it cannot be found (nor could it have been posted).
            if (error instanceof WebAPIPlatformError && error.data.error === 'thread_not_found') return undefined;
            throw classifySlackError(error, 'find');
          }
          const messages = result.messages ?? [];
          const found = messages.find((m) => matches(m, key));
          if (found?.ts) return found.ts;
          if (!result.has_more || messages.length === 0) return undefined;
          cursor = result.response_metadata?.next_cursor || undefined;
          if (!cursor) from = messages.map((m) => m.ts ?? '0').reduce((a, b) => (compareTs(a, b) >= 0 ? a : b));
        }
        return undefined;
      }
      // History comes newest first: page backward until `oldest`.
      let cursor: string | undefined;
      let latest: string | undefined;
      for (let page = 0; page < findMaxPages; page++) {
        const result = (await call('find', () =>
          client.conversations.history({
            channel,
            oldest,
            limit: findPageSize,
            include_all_metadata: true,
            ...(cursor ? { cursor } : latest ? { latest } : {}),
          }),
        )) as HistoryPage;
        const messages = result.messages ?? [];
        const found = messages.find((m) => matches(m, key));
        if (found?.ts) return found.ts;
        if (!result.has_more || messages.length === 0) return undefined;
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!cursor) latest = messages.map((m) => m.ts ?? '0').reduce((a, b) => (compareTs(a, b) <= 0 ? a : b));
      }
      return undefined;
    },

    async join(channel: string): Promise<void> {
      await call('join', () => client.conversations.join({ channel }));
    },

    async openDm(userId: string): Promise<string> {
      const result = await call('open', () => client.conversations.open({ users: userId }));
      if (!result.channel?.id) throw new TransportError('transient', 'no_channel_in_answer');
      return result.channel.id;
    },
  };
}
