// POST /slack/events (HTTP mode). Before Bolt sees a request we check it ourselves — size, Slack's
// signature, and a timestamp neither stale nor from the future (Bolt accepts the future) — and
// claim a receipt for it, so that a replayed request is acknowledged without being run again.
// The receipt is claimed only after the signature checks out: an unsigned request must not be able
// to take the receipt of a real one. Bolt's receiver, which only ever gets a request through here,
// does not check the signature again (src/slack/create-slack-app.ts).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { RequestReceipts } from '../db/request-receipts.js';
import type { Logger } from '../lib/logger.js';
import { BodyTooLargeError, readRawBody } from './read-body.js';
import { RETRY_AFTER_S, sendJson } from './respond.js';

/** Slack's payloads are a few kilobytes; anything near this is not from Slack. */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;
/** Slack's rule: a request more than five minutes away from now (either way) is refused. */
export const MAX_CLOCK_SKEW_S = 5 * 60;
// A receipt outlives the last moment its signature could be accepted (timestamp + 5 min), with a
// margin for clocks that differ between instances.
const RECEIPT_MARGIN_S = 5 * 60;

export interface SlackEventsOptions {
  signingSecret: string;
  /** Bolt's request listener; it finds the body already buffered in `req.rawBody` */
  listener: RequestListener;
  receipts: RequestReceipts;
  logger: Logger;
  /** false until Slack accepted our token: Bolt cannot handle requests before that */
  ready(): boolean;
  /** real time: Slack's timestamps are wall-clock, whatever the bot's business clock says */
  now?: () => Date;
}

export type SlackEventsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createSlackEventsHandler(options: SlackEventsOptions): SlackEventsHandler {
  const { signingSecret, listener, receipts, logger, ready } = options;
  const now = options.now ?? (() => new Date());
  return async (req, res) => {
    if (req.method !== 'POST') {
      req.resume();
      return sendJson(res, 405, { error: 'use POST' }, { allow: 'POST' });
    }
    if (!ready()) {
      req.resume();
      return sendJson(res, 503, { error: 'not connected to Slack yet' }, { 'retry-after': String(RETRY_AFTER_S) });
    }
    let body: Buffer;
    try {
      body = await readRawBody(req, MAX_SLACK_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      logger.warn({ limit: MAX_SLACK_BODY_BYTES }, 'refused an oversized Slack request');
      return sendJson(res, 413, { error: `body over ${MAX_SLACK_BODY_BYTES} bytes` }, { connection: 'close' });
    }
    if (isSslCheck(req, body)) {
      // Slack's certificate probe carries no signature and does nothing: answer it here.
      res.writeHead(200).end();
      return;
    }

    const at = now();
    const verified = verifySignature(req, body, signingSecret, at);
    if (!verified.ok) {
      logger.warn({ reason: verified.reason }, 'refused a Slack request');
      return sendJson(res, 401, { error: verified.reason });
    }
    let claimed: boolean;
    try {
      claimed = await receipts.claim(verified.key, new Date((verified.timestamp + MAX_CLOCK_SKEW_S + RECEIPT_MARGIN_S) * 1000), at);
    } catch (error) {
      // Unclaimed means unprotected against a replay: Slack shows the person an error instead.
      logger.warn({ err: error }, 'could not record a Slack request receipt; answered 503');
      return sendJson(res, 503, { error: 'database unavailable' }, { 'retry-after': String(RETRY_AFTER_S) });
    }
    if (!claimed) {
      logger.info('ignored a replayed Slack request');
      res.writeHead(200).end();
      return;
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    listener(req, res);
  };
}

type Verification = { ok: true; key: string; timestamp: number } | { ok: false; reason: string };

/**
 * Slack's scheme: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. The
 * receipt key is derived from the signature we computed, not the header as sent, so a resend with
 * a reworded header cannot pass as a new request.
 */
function verifySignature(req: IncomingMessage, body: Buffer, signingSecret: string, now: Date): Verification {
  const timestampHeader = req.headers['x-slack-request-timestamp'];
  const signatureHeader = req.headers['x-slack-signature'];
  if (typeof timestampHeader !== 'string' || !/^\d{1,12}$/.test(timestampHeader) || typeof signatureHeader !== 'string') {
    return { ok: false, reason: 'missing or malformed signature headers' };
  }
  const timestamp = Number(timestampHeader);
  if (Math.abs(now.getTime() / 1000 - timestamp) > MAX_CLOCK_SKEW_S) return { ok: false, reason: 'stale or future request timestamp' };
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestampHeader}:`);
  hmac.update(body);
  const expected = Buffer.from(`v0=${hmac.digest('hex')}`);
  const given = Buffer.from(signatureHeader);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true, key: createHash('sha256').update(expected).digest('hex'), timestamp };
}

function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  return req.headers['content-type'] === 'application/x-www-form-urlencoded' && new URLSearchParams(body.toString('utf8')).get('ssl_check') === '1';
}
