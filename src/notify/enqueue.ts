// Putting messages in the outbox: rows first (in the caller's transaction, so a message is queued
// if and only if the change that caused it is committed), sent later by the outbox sender.
import { EventEmitter } from 'node:events';
import type { Prisma } from '../generated/prisma/client.js';
import type { PrismaClient, SqlClient } from '../db/database.js';
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
export async function enqueueMessages(tx: SqlClient, rows: readonly NewOutboxMessage[]): Promise<number> {
  if (rows.length === 0) return 0;
  for (const row of rows) {
    if (!row.key) throw new Error('outbox message without a key');
    if (!row.channel) throw new Error(`outbox message ${row.key} without a channel`);
    if (row.op !== 'post' && !row.threadKey) throw new Error(`outbox ${row.op} ${row.key} needs a threadKey`);
  }
  // The sender compares next_attempt_at with its own (real-time) clock: set it from this host's
  // clock rather than the database server's. The rows travel as one JSON parameter, as in
  // insert-alerts.ts: eight bound parameters a row had Prisma build a statement as long as the rows.
  return tx.$executeRawUnsafe(
    `INSERT INTO outbox_messages (key, channel, op, payload, alert_id, group_id, thread_key, next_attempt_at)
     SELECT r.key, r.channel, r.op::"OutboxOp", r.payload, r.alert_id, r.group_id, r.thread_key, $2::timestamptz
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, ord),
          jsonb_to_record(e.value) AS r(key text, channel text, op text, payload jsonb, alert_id int, group_id int, thread_key text)
     ORDER BY e.ord
     ON CONFLICT (key) DO NOTHING`,
    JSON.stringify(
      rows.map((row) => ({
        key: row.key,
        channel: row.channel,
        op: row.op,
        payload: row.payload,
        alert_id: row.alertId ?? null,
        group_id: row.groupId ?? null,
        thread_key: row.threadKey ?? null,
      })),
    ),
    new Date(),
  );
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
