import type { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../db/database.js';

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

const row = (entry: AuditEntry) => ({ actor: entry.actor, action: entry.action, target: entry.target, outcome: entry.outcome, details: entry.details, createdAt: entry.at });

export async function recordAudit(db: DbClient, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({ data: row(entry) });
}

/** Many entries in one statement (a watch cycle's reminders, a bulk action's refusals). */
export async function recordAudits(db: DbClient, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length > 0) await db.auditEvent.createMany({ data: entries.map(row) });
}
