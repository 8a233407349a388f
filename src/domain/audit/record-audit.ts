import type { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient, SqlClient } from '../../db/database.js';

export type DbClient = PrismaClient | Prisma.TransactionClient;

export interface AuditEntry {
  actor: string;
  /** e.g. stock.restock, orders.paid, permission.refused */
  action: string;
  target?: string;
  outcome: 'ok' | 'refused' | 'failed';
  details?: Prisma.InputJsonValue;
  at: Date;
}

export async function recordAudit(db: SqlClient, entry: AuditEntry): Promise<void> {
  await recordAudits(db, [entry]);
}

/**
 * Many entries in one statement (a watch cycle's reminders, a bulk action's refusals), in SQL: the
 * watch cycle's transactions run on the driver (reconcile-alerts.ts).
 */
export async function recordAudits(db: SqlClient, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO audit_events (actor, action, target, outcome, details, created_at)
     SELECT r.actor, r.action, r.target, r.outcome, r.details, r.created_at
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, ord),
          jsonb_to_record(e.value) AS r(actor text, action text, target text, outcome text, details jsonb, created_at timestamptz)
     ORDER BY e.ord`,
    JSON.stringify(entries.map((e) => ({ actor: e.actor, action: e.action, target: e.target ?? null, outcome: e.outcome, details: e.details ?? null, created_at: e.at }))),
  );
}
