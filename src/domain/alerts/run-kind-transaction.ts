// A transaction that changes one kind's alerts, as the watch cycle runs it: straight to the driver,
// not through Prisma (a first cycle's transactions are most of its CPU, and Prisma's runtime took a
// quarter of that: bench/watch-cycle.bench.ts, profiled), with the kind's advisory lock taken first
// (sent with BEGIN on a server). So the cycle, a command's follow-up and the watch after an import
// never change a kind's alerts at the same time, and their lock orders on alerts cannot cross.
import { sqlClientOf, type Database, type SqlClient } from '../../db/database.js';
import { ALERT_KINDS } from '../kinds/index.js';
import type { AlertKind } from './alert-types.js';

/** as long as Prisma's interactive transactions were given here before: a chunk takes well under a second */
export const KIND_TRANSACTION_TIMEOUT_MS = 120_000;

export function runKindTransaction<T>(db: Database, kind: AlertKind, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  return db.transaction((session) => fn(sqlClientOf(session)), { lock: ALERT_KINDS[kind].lockId, timeoutMs: KIND_TRANSACTION_TIMEOUT_MS });
}
