// Shared by the /orders, /admissions and alert-button tests: the fixed business clock they run on
// and a snapshot of the database. The bot and the fake Slack come from useSlackBot
// (test/support/slack-bot.ts), started at NOW; bot.outboxIdle() waits for the outbox.
import type { Database } from '../../src/db/database.js';

/**
 * Wednesday 2037-11-25, 12:00 in São Paulo (2037's calendar is 2026's). Later than the real clock
 * on purpose: the HTTP server refuses Slack requests whose (real) timestamp is ahead of the bot's
 * clock, so a business clock in the past would turn every signed request into a 401.
 */
export const NOW = '2037-11-25T15:00:00Z';

/** Everything a failed command could have touched, to prove that it touched nothing. */
export async function snapshot(db: Database): Promise<string> {
  const [orders, documents, products, movements, audit, alerts, events, outbox] = await Promise.all([
    db.prisma.order.findMany({ orderBy: { id: 'asc' } }),
    db.prisma.admissionDocument.findMany({ orderBy: { id: 'asc' } }),
    db.prisma.product.findMany({ orderBy: { id: 'asc' } }),
    db.prisma.stockMovement.count(),
    db.prisma.auditEvent.findMany({ where: { outcome: 'ok' } }),
    db.prisma.alert.findMany({ orderBy: { id: 'asc' } }),
    db.prisma.alertEvent.count(),
    db.prisma.outboxMessage.count(),
  ]);
  return JSON.stringify({ orders, documents, products, movements, audit, alerts, events, outbox });
}
