// The bot's one HTTP server, in every mode: /healthz, the ingest API and, in HTTP mode, Slack's
// /slack/events (checked, deduplicated, then handed to Bolt's receiver: see slack-events.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deps } from '../domain/deps.js';
import { getHealth } from '../domain/health/get-health.js';
import { toAppError, type ErrorCode } from '../lib/errors.js';
import { handleIngest, type DataChanged } from './ingest.js';
import { RETRY_AFTER_S, sendJson } from './respond.js';
import type { SlackEventsHandler } from './slack-events.js';

export interface HttpServerOptions {
  deps: Deps;
  /** after an ingest API import changed rows (the composition root runs the watchers that read them) */
  onDataChanged?: DataChanged;
  /** Socket and HTTP modes */
  slack?: {
    /** shown in /healthz; anything but 'ok' makes the status 'degraded' */
    status(): string;
    /** HTTP mode: POST /slack/events */
    events?: SlackEventsHandler;
  };
}

/** What a 503 says, for the error codes a client should simply retry. */
const TRANSIENT: Partial<Record<ErrorCode, string>> = {
  unavailable: 'database unavailable, try again shortly',
  busy: 'rows kept changing while they were written; nothing was written, send them again shortly',
};

export function createHttpServer({ deps, slack, onDataChanged }: HttpServerOptions): Server {
  const server = createServer((req, res) => {
    route(deps, slack, onDataChanged, req, res).catch((error: unknown) => {
      const appError = toAppError(error);
      // The database being away, or rows that kept changing under an import, is expected now and
      // then: the client is asked to come back (503, Retry-After), not told we failed (500).
      const transient = TRANSIENT[appError.code];
      if (transient) deps.logger.warn({ code: appError.code, reason: appError.message, path: req.url }, 'answered 503, to be retried');
      else deps.logger.error({ err: error, path: req.url }, 'http request failed');
      if (res.headersSent) res.destroy();
      else if (transient) sendJson(res, 503, { error: transient }, { 'retry-after': String(RETRY_AFTER_S) });
      else sendJson(res, 500, { error: 'internal error' });
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return server;
}

async function route(deps: Deps, slack: HttpServerOptions['slack'], onDataChanged: DataChanged | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/healthz') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' });
    const health = await getHealth(deps);
    // The status code follows the database alone: a bot waiting for Slack still serves and watches.
    const status = slack?.status();
    const body = status === undefined ? health : { ...health, status: status === 'ok' ? health.status : 'degraded', slack: status };
    return sendJson(res, health.db === 'ok' ? 200 : 503, body);
  }
  if (path.startsWith('/api/v1/')) return handleIngest(deps, path.slice('/api/v1/'.length), req, res, onDataChanged);
  if (path === '/slack/events' && slack?.events) return slack.events(req, res);
  req.resume();
  sendJson(res, 404, { error: 'not found' });
}

export async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
