// Is this error "the database is not there right now" (an outage, a restart, a cut network) rather
// than a bug or bad data? The one place that knows the shapes such errors take on their way up:
// node-postgres socket errors and its own "Connection terminated…" errors, Prisma's codes and the
// driver adapter's error kinds, PostgreSQL's connection and shutdown SQLSTATEs, a closed PGlite.
// toAppError turns a match into AppError 'unavailable' (HTTP 503, a polite "try again shortly").
import type { Logger } from './logger.js';

/** Node socket errors meaning no usable connection to the server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);

/** Prisma: can't reach / timed out / server closed the connection / pool timeout / too many connections. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);

/** @prisma/driver-adapter-utils error kinds with the same meaning. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/**
 * SQLSTATEs: class 08 (connection exception), 57P01–57P03 (admin or crash shutdown, cannot connect
 * now: a server restarting), 53300 (too many connections).
 */
function isUnavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** node-postgres and PGlite give these as plain Errors, without a code. */
const MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^PGlite is closed/,
];

type Fields = { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: unknown; errors?: unknown };

export function isDatabaseUnavailable(error: unknown): boolean {
  return matches(error, 0);
}

function matches(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 8) return false;
  const { code, kind, message, cause, meta, errors } = error as Fields;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || PRISMA_CODES.has(code) || isUnavailableSqlState(code))) return true;
  if (typeof kind === 'string') {
    if (ADAPTER_KINDS.has(kind)) return true;
    // The adapter's catch-all kind carries PostgreSQL's own code.
    if (kind === 'postgres' && typeof code === 'string') return isUnavailableSqlState(code);
  }
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  // Prisma's known errors keep the adapter's error in meta; wrappers keep the original in cause;
  // Node's connect to a name with several addresses fails with an AggregateError.
  const adapterError = (meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
  if (adapterError !== undefined && matches(adapterError, depth + 1)) return true;
  if (cause !== undefined && cause !== error && matches(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((e) => matches(e, depth + 1));
}

/**
 * Logs a failure of background work (a job, a lease, the outbox). An outage of the database is
 * expected now and then: one warning line without a stack; anything else with its error at `level`.
 */
export function logFailure(logger: Logger, level: 'warn' | 'error', error: unknown, fields: Record<string, unknown>, what: string): void {
  if (isDatabaseUnavailable(error)) logger.warn({ ...fields, reason: error instanceof Error ? error.message : String(error) }, `${what}: database unavailable`);
  else logger[level]({ ...fields, err: error }, what);
}
