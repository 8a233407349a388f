// Channel messages the outbox gave up on (a permanent Slack error such as channel_not_found, or
// 5xx and timeouts for longer than OUTBOX_GIVE_UP_AFTER). They are shown to people, never silently
// dropped: how many, and for the latest ones why, where, when and about which alert — with the
// number an admin gives `/alerts retry` to send one again.
import type { Deps } from '../deps.js';

export interface FailedMessage {
  /** the outbox row's id: what `/alerts retry` takes */
  id: number;
  channel: string;
  op: 'post' | 'update' | 'reply';
  /** Slack's error code or the sender's reason */
  error: string;
  /** when the message was queued (the change it was about) */
  queuedAt: Date;
  alertId: number | null;
  /** the alert's SKU, order number or employee code, when the row is about an alert */
  alertSubject: string | null;
  groupId: number | null;
}

export interface FailedReason {
  error: string;
  channel: string;
  count: number;
}

export interface FailedMessages {
  total: number;
  /** the latest failures, newest first */
  latest: FailedMessage[];
  /** every failure counted by reason and channel, most frequent first (at most `reasons`) */
  reasons: FailedReason[];
}

/** A failed row always has a reason; this only guards rows written by hand. */
const UNKNOWN_ERROR = 'unknown';

export async function listFailedMessages({ db }: Pick<Deps, 'db'>, options: { latest: number; reasons: number }): Promise<FailedMessages> {
  const [rows, reasons, total] = await Promise.all([
    db.prisma.$queryRaw<
      { id: number; channel: string; op: FailedMessage['op']; last_error: string | null; created_at: Date; alert_id: number | null; subject: string | null; group_id: number | null }[]
    >`
      SELECT o.id, o.channel, o.op::text AS op, o.last_error, o.created_at, o.alert_id, a.subject, o.group_id
      FROM outbox_messages o LEFT JOIN alerts a ON a.id = o.alert_id
      WHERE o.status = 'failed'
      ORDER BY o.id DESC
      LIMIT ${options.latest}`,
    db.prisma.$queryRaw<{ error: string | null; channel: string; count: number }[]>`
      SELECT last_error AS error, channel, count(*)::int AS count
      FROM outbox_messages WHERE status = 'failed'
      GROUP BY last_error, channel
      ORDER BY count DESC, channel, last_error
      LIMIT ${options.reasons}`,
    db.prisma.outboxMessage.count({ where: { status: 'failed' } }),
  ]);
  return {
    total,
    latest: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      op: r.op,
      error: r.last_error ?? UNKNOWN_ERROR,
      queuedAt: r.created_at,
      alertId: r.alert_id,
      alertSubject: r.subject,
      groupId: r.group_id,
    })),
    reasons: reasons.map((r) => ({ error: r.error ?? UNKNOWN_ERROR, channel: r.channel, count: r.count })),
  };
}
