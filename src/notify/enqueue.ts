// Putting messages in the outbox: rows first (in the caller's transaction, so a message is queued
// if and only if the change that caused it is committed), sent later by the outbox sender.
import { EventEmitter } from 'node:events';
import { Prisma } from '../generated/prisma/client.js';
import type { PrismaClient } from '../db/database.js';
import type { MessagePayload } from './message-transport.js';

/** A Prisma client or an interactive transaction's client. */
export type OutboxDbClient = PrismaClient | Prisma.TransactionClient;

export type OutboxOp = 'post' | 'update' | 'reply';

export interface NewOutboxMessage {
  /** idempotency key: enqueueing the same key again does nothing */
  key: string;
  channel: string;
  op: OutboxOp;
  payload: MessagePayload;
  alertId?: number | null;
  groupId?: number | null;
  /** update: the key of the post row whose message to update; reply: the key of the post row to thread under */
  threadKey?: string | null;
}

/**
 * Inserts the rows in one statement, in the given order (ids increase in that order, so a channel's
 * messages go out in it). A key that already exists is skipped. Returns how many rows were new.
 *
 * Call `OutboxSignal.notify()` once the surrounding transaction has committed, so the sender in this
 * process sends at once; a notify before the commit is harmless but only the next poll finds the rows.
 */
export async function enqueueMessages(tx: OutboxDbClient, rows: readonly NewOutboxMessage[]): Promise<number> {
  if (rows.length === 0) return 0;
  for (const row of rows) {
    if (!row.key) throw new Error('outbox message without a key');
    if (!row.channel) throw new Error(`outbox message ${row.key} without a channel`);
    if (row.op !== 'post' && !row.threadKey) throw new Error(`outbox ${row.op} ${row.key} needs a threadKey`);
  }
  // The sender compares next_attempt_at with its own (real-time) clock: set it from this host's
  // clock rather than the database server's.
  const now = new Date();
  const values = rows.map(
    (row) => Prisma.sql`(${row.key}, ${row.channel}, ${row.op}::"OutboxOp", ${JSON.stringify(row.payload)}::jsonb,
      ${row.alertId ?? null}::int, ${row.groupId ?? null}::int, ${row.threadKey ?? null}, ${now})`,
  );
  return tx.$executeRaw`
    INSERT INTO outbox_messages (key, channel, op, payload, alert_id, group_id, thread_key, next_attempt_at)
    VALUES ${Prisma.join(values)}
    ON CONFLICT (key) DO NOTHING`;
}

/**
 * In-process "there is something to send" signal: the sender of this process subscribes, whoever
 * enqueues notifies after committing. Other instances find the rows by polling.
 */
export class OutboxSignal {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  notify(): void {
    this.emitter.emit('wake');
  }

  /** returns the unsubscribe function */
  subscribe(listener: () => void): () => void {
    this.emitter.on('wake', listener);
    return () => {
      this.emitter.off('wake', listener);
    };
  }
}
