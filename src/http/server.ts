// The bot's one HTTP server, in every mode: /healthz, the ingest API and, in HTTP mode, Slack's
// /slack/events (handed to Bolt's receiver after our own freshness check).
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deps } from '../app/deps.js';
import { getHealth } from '../domain/health/get-health.js';
import { handleIngest } from './ingest.js';
import { sendJson } from './respond.js';

export interface HttpServerOptions {
  deps: Deps;
  /** Bolt's request listener for /slack/events (HTTP mode only) */
  slackEvents?: RequestListener;
}

// Slack's own rule is five minutes; Bolt rejects old requests but accepts ones from the future.
const MAX_CLOCK_SKEW_S = 5 * 60;

export function createHttpServer({ deps, slackEvents }: HttpServerOptions): Server {
  const server = createServer((req, res) => {
    route(deps, slackEvents, req, res).catch((error: unknown) => {
      deps.logger.error({ err: error, path: req.url }, 'http request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return server;
}

async function route(deps: Deps, slackEvents: RequestListener | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/healthz') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' });
    const health = await getHealth(deps.db, deps.config.mode);
    return sendJson(res, health.db === 'ok' ? 200 : 503, health);
  }
  if (path.startsWith('/api/v1/')) return handleIngest(deps, path.slice('/api/v1/'.length), req, res);
  if (path === '/slack/events' && slackEvents) {
    // Slack's timestamp is real time, whatever the bot's business clock says.
    if (isFromTheFuture(req, new Date())) {
      deps.logger.warn({ path }, 'rejected a Slack request with a timestamp in the future');
      return sendJson(res, 401, { error: 'stale or future request timestamp' });
    }
    return slackEvents(req, res);
  }
  sendJson(res, 404, { error: 'not found' });
}

function isFromTheFuture(req: IncomingMessage, now: Date): boolean {
  const header = req.headers['x-slack-request-timestamp'];
  const timestamp = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(timestamp) && timestamp - now.getTime() / 1000 > MAX_CLOCK_SKEW_S;
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
