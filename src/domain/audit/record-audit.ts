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

export async function recordAudit(db: DbClient, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: { actor: entry.actor, action: entry.action, target: entry.target, outcome: entry.outcome, details: entry.details, createdAt: entry.at },
  });
}
