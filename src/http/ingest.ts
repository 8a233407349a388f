// POST /api/v1/products|orders|employees — the same validation and upsert as `npm run import`,
// for systems that push data while the bot runs (PGlite allows one process: the CLI cannot).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../domain/deps.js';
import { InvalidImportError, importRecords } from '../domain/import/import-records.js';
import { describeProblem } from '../domain/import/problem.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import/rows.js';
import { dateInZone } from '../lib/time/calendar.js';
import { readBody, BodyTooLargeError } from './read-body.js';
import { sendJson } from './respond.js';

export const MAX_INGEST_BYTES = 10 * 1024 * 1024;

/** Told which kinds an import changed, once it committed; must not wait or throw. */
export type DataChanged = (kinds: readonly ImportKind[]) => void;

export async function handleIngest(deps: Deps, kindSegment: string, req: IncomingMessage, res: ServerResponse, onDataChanged?: DataChanged): Promise<void> {
  const { config, logger } = deps;
  // Without a token the API does not exist, rather than existing unprotected.
  if (!config.ingestApiToken || !IMPORT_KINDS.includes(kindSegment as ImportKind)) {
    req.resume();
    return sendJson(res, 404, { error: 'not found' });
  }
  const kind = kindSegment as ImportKind;
  if (req.method !== 'POST') {
    req.resume();
    return sendJson(res, 405, { error: 'use POST' }, { allow: 'POST' });
  }
  if (!hasToken(req.headers.authorization, config.ingestApiToken)) {
    req.resume();
    return sendJson(res, 401, { error: 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer' });
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') {
    req.resume();
    return sendJson(res, 415, { error: 'Content-Type must be application/json' });
  }

  let text: string;
  try {
    text = await readBody(req, MAX_INGEST_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: `body over ${MAX_INGEST_BYTES} bytes (10 MiB)` }, { connection: 'close' });
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return sendJson(res, 400, { error: 'body is not valid JSON' });
  }
  if (!Array.isArray(body)) return sendJson(res, 400, { error: 'body must be a JSON array of rows' });

  const now = deps.clock.now();
  try {
    const summary = await importRecords(deps, kind, body, {
      actor: 'api',
      now,
      today: dateInZone(now, config.timezone),
      requiredDocuments: config.requiredDocuments,
    });
    logger.info({ kind, rows: body.length, ...summary }, 'ingest API import');
    sendJson(res, 200, summary);
    // After the answer: the watchers that read these rows follow in the background.
    if (summary.created + summary.updated > 0) onDataChanged?.([kind]);
  } catch (error) {
    if (!(error instanceof InvalidImportError)) throw error;
    logger.info({ kind, rows: body.length, invalid: error.errors.length }, 'ingest API import refused');
    // `row` and `field` are for programs; only `message` is in the bot's language (BOT_LOCALE).
    sendJson(res, 422, { errors: error.errors.map((e) => ({ row: e.position, field: e.field, message: describeProblem(deps.i18n, e.problem) })) });
  }
}

/** Constant-time: both sides are hashed first so lengths do not leak either. */
function hasToken(header: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]!), digest(expected));
}
