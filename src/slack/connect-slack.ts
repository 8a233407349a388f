// Going live against Slack at start. A token Slack refuses is a configuration error (one line,
// exit 2: retrying cannot help); Slack unreachable — refused connection, timeout, 5xx, an odd
// answer — is retried with capped backoff while the rest of the bot runs and /healthz says so.
import { setTimeout as sleepFor } from 'node:timers/promises';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, type WebAPICallError } from '@slack/web-api';
import { ConfigError } from '../config.js';
import type { Logger } from '../lib/logger.js';

/** What is connected: a SlackApp (its `connect` throws as the Slack client gave it). */
export interface SlackConnection {
  connect(): Promise<void>;
}

/** What Slack answers for a token that will never work as given. */
const REFUSED_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'team_disabled',
  'user_removed_from_team',
]);

/** The ConfigError to stop with when `error` is Slack refusing the token in `variable`. */
export function refusedTokenError(error: unknown, variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN'): ConfigError | undefined {
  if (!(error instanceof WebAPIPlatformError) || !REFUSED_TOKEN_ERRORS.has(error.data.error)) return undefined;
  const where = variable === 'SLACK_BOT_TOKEN' ? 'the Bot User OAuth Token (xoxb-…) under OAuth & Permissions' : 'an app-level token (xapp-…) with connections:write under Basic Information';
  return new ConfigError(variable, `Slack refused ${variable} (${error.data.error}): set it to ${where} in the app's settings; reinstall the app if the token was revoked.`);
}

export interface SlackRetryOptions {
  /** injectable for tests; must reject or resolve early when `signal` aborts */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** delay before the second attempt, doubled after each failure ... */
  firstDelayMs?: number;
  /** ... up to this */
  maxDelayMs?: number;
}

const DEFAULT_FIRST_DELAY_MS = 1_000;
const DEFAULT_MAX_DELAY_MS = 60_000;

/**
 * One attempt to connect: true when connected, false when Slack could not be reached. Throws a
 * ConfigError for a refused token, and rethrows anything that is not a Slack client error.
 */
export async function tryConnectSlack(slack: SlackConnection, logger: Logger, attempt = 1, retryInMs?: number): Promise<boolean> {
  try {
    await slack.connect();
    logger.info({ attempt }, 'connected to Slack');
    return true;
  } catch (error) {
    const unreachable = asSlackError(error);
    if (!unreachable) throw error;
    logger.warn({ attempt, reason: describe(unreachable), retryInMs }, 'Slack is unreachable; the bot runs without it and keeps trying');
    return false;
  }
}

/**
 * Retries until connected (true) or `signal` aborts (false), waiting `firstDelayMs`, then twice
 * as long each time, up to `maxDelayMs`. Rejects as {@link tryConnectSlack} throws.
 */
export async function keepConnectingSlack(slack: SlackConnection, logger: Logger, signal: AbortSignal, options: SlackRetryOptions = {}): Promise<boolean> {
  const sleep = options.sleep ?? ((ms: number, s: AbortSignal) => sleepFor(ms, undefined, { signal: s }));
  const first = options.firstDelayMs ?? DEFAULT_FIRST_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  for (let attempt = 2; ; attempt++) {
    const delay = Math.min(max, first * 2 ** Math.min(attempt - 2, 30));
    try {
      await sleep(delay, signal);
    } catch (error) {
      if (signal.aborted) return false;
      throw error;
    }
    if (signal.aborted) return false;
    const next = Math.min(max, delay * 2);
    if (await tryConnectSlack(slack, logger, attempt, next)) return true;
  }
}

function asSlackError(error: unknown): WebAPICallError | undefined {
  const known = error instanceof WebAPIPlatformError || error instanceof WebAPIRequestError || error instanceof WebAPIHTTPError || error instanceof WebAPIRateLimitedError;
  return known ? error : undefined;
}

function describe(error: WebAPICallError): string {
  if (error instanceof WebAPIPlatformError) return error.data.error;
  if (error instanceof WebAPIHTTPError) return `HTTP ${error.statusCode}`;
  if (error instanceof WebAPIRateLimitedError) return 'rate limited';
  return error.original.message;
}
