// `/alerts retry ID` and the Retry button of the failure listing: an admin sends a channel message
// the outbox gave up on once more (after inviting the bot, fixing a channel ID, or Slack being down
// longer than OUTBOX_GIVE_UP_AFTER). Permission (ADMIN_USERS) is the command's, checked by the
// router; this records who did it.
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';

export interface RetriedMessage {
  id: number;
  channel: string;
  /** queued again (true), or found already in Slack through a later update and taken off the failure list (false) */
  queued: boolean;
}

export async function retryFailedMessage(deps: Pick<Deps, 'db' | 'clock' | 'i18n'>, actor: Actor, messageId: number): Promise<RetriedMessage> {
  const { i18n } = deps;
  const at = deps.clock.now();
  return deps.db.prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: number; channel: string; status: 'pending' | 'sent' | 'failed' | 'superseded'; ts: string | null; last_error: string | null }[]>`
      SELECT id, channel, status::text AS status, ts, last_error FROM outbox_messages WHERE id = ${messageId} FOR UPDATE`;
    if (!row) {
      throw new AppError('not_found', `no outbox message ${messageId}`, { userMessage: i18n.t('alerts.retry.notFound', { id: String(messageId) }) });
    }
    if (row.status !== 'failed') {
      throw new AppError('conflict', `outbox message ${messageId} is ${row.status}, not failed`, {
        userMessage: i18n.t('alerts.retry.notFailed', { id: String(messageId), why: i18n.t(`alerts.retry.status.${row.status}`) }),
      });
    }
    const details = { channel: row.channel, error: row.last_error };
    if (row.ts !== null) {
      // A failed post whose message a later update posted anew (the outbox does that rather than
      // lose it): sending it again would duplicate the message. It is settled instead.
      await tx.outboxMessage.update({ where: { id: row.id }, data: { status: 'superseded' } });
      await recordAudit(tx, { actor: actor.userId, action: 'alerts.retry', target: `message ${row.id}`, outcome: 'ok', details: { ...details, alreadyPosted: true }, at });
      return { id: row.id, channel: row.channel, queued: false };
    }
    // Back to pending with a clean slate: no failures counted, the time budget starts again.
    // next_attempt_at is left as it is: already in the past (the row failed at or after it), so the
    // sender takes the row at once, whatever its clock. in_flight_since is kept on purpose: if an
    // earlier attempt may have landed, the sender looks for it before posting again.
    // Rows drain per channel in id order, so this old row is the channel's head again and goes out
    // before messages queued after it; that it lands in Slack after messages sent meanwhile is
    // accepted (an update that a newer sent update made stale is superseded, not sent).
    await tx.outboxMessage.update({ where: { id: row.id }, data: { status: 'pending', attempts: 0, firstFailedAt: null, lastError: null } });
    await recordAudit(tx, { actor: actor.userId, action: 'alerts.retry', target: `message ${row.id}`, outcome: 'ok', details, at });
    return { id: row.id, channel: row.channel, queued: true };
  });
}
