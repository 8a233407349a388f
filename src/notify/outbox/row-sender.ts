// Sends one outbox row to Slack and settles it: post, update or reply; joins the channel on
// not_in_channel; before re-sending a post that may have landed, looks for its key in the
// channel's message metadata; classifies the error into sent / retry later / failed.
//
// Failures: a 429 only delays the channel (Retry-After); it is never counted against a row. A
// transient failure (5xx, timeout, reset) is retried with capped exponential backoff counted from
// the row's own failures, so the next row after a success starts again from retryBaseMs; the row
// gives up giveUpAfterMs after its first transient failure — a time budget, not a count.
import type { OutboxMessage, Prisma } from '../../generated/prisma/client.js';
import { isSlackUserId } from '../../lib/slack-ids.js';
import type { OutboxDbClient } from '../enqueue.js';
import { TransportError, type MessagePayload } from '../message-transport.js';
import type { OutboxContext } from './context.js';

type Row = OutboxMessage;

/** What the row sender needs from the channel worker that holds the channel's lease. */
export interface ChannelSession {
  /** records a call to Slack for the channel's pace; `at` defaults to now */
  markUsed(at?: number): Promise<void>;
  /** waits out the channel's pace; false when the worker must stop meanwhile */
  paceWait(): Promise<boolean>;
  /** renews the channel lease; false when it was lost */
  keepLease(): Promise<boolean>;
}

export type SendRow = (row: Row, session: ChannelSession) => Promise<void>;

function isPayload(value: unknown): value is MessagePayload {
  if (typeof value !== 'object' || value === null) return false;
  const { text, blocks } = value as { text?: unknown; blocks?: unknown };
  return typeof text === 'string' && (blocks === undefined || Array.isArray(blocks));
}

function payloadOf(row: Row): MessagePayload | undefined {
  const value = row.payload as unknown;
  if (!isPayload(value)) return undefined;
  return { text: value.text, blocks: value.blocks ?? [] };
}

function asTransportError(error: unknown, posting: boolean): TransportError {
  if (error instanceof TransportError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError('transient', message, { mayHaveLanded: posting });
}

export function createRowSender(ctx: OutboxContext): SendRow {
  const { prisma, transport, logger, settings, now, date } = ctx;
  const { paceMs, retryBaseMs, retryMaxMs, giveUpAfterMs } = settings;

  /**
   * Changes a row that is still pending. A worker whose lease expired during a very slow call must
   * not overwrite what the instance that took over recorded: false when the row was settled meanwhile.
   */
  async function updatePending(row: Row, data: Prisma.OutboxMessageUpdateManyMutationInput, client: OutboxDbClient = prisma): Promise<boolean> {
    const { count } = await client.outboxMessage.updateMany({ where: { id: row.id, status: 'pending' }, data });
    if (count === 0) logger.warn({ channel: row.channel, key: row.key }, 'outbox row was settled elsewhere meanwhile');
    return count === 1;
  }

  function backoffMs(attempts: number): number {
    return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  }

  /**
   * Where the row's calls go: its channel, or — for a DM, whose row names the person — the DM
   * conversation, opened once and kept in dm_channels (chat.update needs its D… ID).
   */
  async function conversationOf(row: Row, session: ChannelSession): Promise<string> {
    if (!isSlackUserId(row.channel) || !transport.openDm) return row.channel;
    const known = await prisma.dmChannel.findUnique({ where: { userId: row.channel } });
    if (known) return known.channelId;
    let channelId: string;
    try {
      channelId = await transport.openDm(row.channel);
    } finally {
      await session.markUsed();
    }
    await prisma.dmChannel.upsert({
      where: { userId: row.channel },
      create: { userId: row.channel, channelId, openedAt: date() },
      update: { channelId, openedAt: date() },
    });
    logger.info({ user: row.channel, channel: channelId }, 'DM opened');
    return channelId;
  }

  async function sendRow(row: Row, session: ChannelSession): Promise<void> {
    const payload = payloadOf(row);
    if (!payload) return fail(row, 'invalid_payload: expected { text, blocks }');
    let to: string;
    try {
      to = await conversationOf(row, session);
    } catch (error) {
      return settleError(row, asTransportError(error, false), session, row.inFlightSince);
    }
    if (row.op === 'post') return sendPost(row, to, payload, session, undefined);

    const target = row.threadKey ? await prisma.outboxMessage.findUnique({ where: { key: row.threadKey } }) : null;
    if (row.op === 'reply') {
      let threadTs: string | undefined;
      if (target?.ts && target.channel === row.channel) {
        threadTs = target.ts;
      } else {
        // Better a top-level message than a lost one.
        const why = !target
          ? 'its thread parent is not in the outbox'
          : target.channel !== row.channel
            ? 'its thread parent is in another channel'
            : target.status === 'pending'
              ? 'its thread parent is queued after it'
              : `its thread parent was not posted (${target.status}${target.lastError ? `: ${target.lastError}` : ''})`;
        logger.warn({ channel: row.channel, key: row.key, threadKey: row.threadKey }, `outbox reply posted top-level: ${why}`);
      }
      return sendPost(row, to, payload, session, threadTs);
    }

    // update
    if (!target) return fail(row, `update target ${row.threadKey ?? '(none)'} is not in the outbox`);
    if (target.channel !== row.channel) return fail(row, `update target ${target.key} is in another channel (${target.channel})`);
    if (row.inFlightSince) {
      // A previous attempt was re-posting the message (it had been deleted): settle that first.
      return sendPost(row, to, payload, session, undefined, target);
    }
    if (target.ts) return sendUpdate(row, to, payload, target, target.ts, session);
    if (target.status === 'pending') return fail(row, `update target ${target.key} is queued after the update`);
    // The original post failed: post the current version rather than lose it.
    logger.warn({ channel: row.channel, key: row.key, target: target.key }, 'outbox update of a message that was never posted: posting it');
    return sendPost(row, to, payload, session, undefined, target);
  }

  /**
   * not_in_channel → join the channel once and try again at once. A join that fails for good (a
   * private channel, an archived one) fails the row with a reason people can act on.
   */
  async function withJoin<T>(row: Row, to: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TransportError) || error.kind !== 'not_in_channel') throw error;
    }
    logger.info({ channel: row.channel, key: row.key }, 'not in the channel: joining it');
    try {
      await transport.join(to);
    } catch (error) {
      const joinError = asTransportError(error, false);
      if (joinError.kind === 'permanent' || joinError.kind === 'not_in_channel') {
        throw new TransportError(
          'permanent',
          `not_in_channel: could not join the channel (${joinError.code}); invite the bot to it`,
        );
      }
      throw joinError;
    }
    try {
      return await call();
    } catch (error) {
      if (error instanceof TransportError && error.kind === 'not_in_channel') {
        throw new TransportError('permanent', 'not_in_channel: still not in the channel after joining it');
      }
      throw error;
    }
  }

  /**
   * post and reply rows, and update rows whose message must be posted anew (`repostOf`: the
   * target post row, which then gets the new ts too).
   */
  async function sendPost(row: Row, to: string, payload: MessagePayload, session: ChannelSession, threadTs: string | undefined, repostOf?: Row): Promise<void> {
    // A previous attempt may have landed (timeout, 5xx, crash before recording): look before posting.
    if (row.inFlightSince) {
      const since = row.inFlightSince;
      let found: string | undefined;
      try {
        found = await withJoin(row, to, () => transport.findPosted(to, row.key, since, threadTs));
      } catch (error) {
        const findError = asTransportError(error, false);
        if (findError.kind === 'permanent') {
          return fail(row, `could not check whether an earlier attempt was posted: ${findError.code}`);
        }
        // A transient look-up failure is a failure of the row, so a channel whose history cannot be read gives up in the end.
        return retryLater(row, findError, session, row.inFlightSince);
      }
      if (found) {
        logger.info({ channel: row.channel, key: row.key, ts: found }, 'outbox message had already been posted: adopting it');
        return recordPosted(row, found, repostOf);
      }
    }

    // Committed before the call: if we die during it, the next attempt looks first.
    const inFlightSince = row.inFlightSince ?? date();
    if (!(await updatePending(row, { inFlightSince }))) return;

    let ts: string;
    try {
      ts = await withJoin(row, to, () => transport.post({ channel: to, payload, key: row.key, ...(threadTs ? { threadTs } : {}) }));
    } catch (error) {
      const postError = asTransportError(error, true);
      await session.markUsed();
      // Keep the in-flight mark only when this attempt may have landed.
      return settleError(row, postError, session, postError.options.mayHaveLanded ? inFlightSince : row.inFlightSince);
    }
    await session.markUsed();
    await recordPosted(row, ts, repostOf);
  }

  async function sendUpdate(row: Row, to: string, payload: MessagePayload, target: Row, ts: string, session: ChannelSession): Promise<void> {
    try {
      await withJoin(row, to, () => transport.update(to, ts, payload));
    } catch (error) {
      const updateError = asTransportError(error, false);
      await session.markUsed();
      if (updateError.kind === 'message_not_found') {
        // Someone deleted the message: post the current version anew.
        logger.info({ channel: row.channel, key: row.key, target: target.key, ts }, 'outbox update: the message was deleted, posting it anew');
        if (!(await session.paceWait()) || !(await session.keepLease())) return; // still pending: retried later
        return sendPost(row, to, payload, session, undefined, target);
      }
      return settleError(row, updateError, session, null);
    }
    await session.markUsed();
    await updatePending(row, { status: 'sent', ts, sentAt: date(), lastError: null, inFlightSince: null });
    logger.debug({ channel: row.channel, key: row.key, ts }, 'outbox message updated');
  }

  /** The message is in Slack with `ts`: the row is sent, and the alert / group know where it is. */
  async function recordPosted(row: Row, ts: string, repostOf?: Row): Promise<void> {
    const sentAt = date();
    await prisma.$transaction(async (tx) => {
      if (!(await updatePending(row, { status: 'sent', ts, sentAt, inFlightSince: null, lastError: null }, tx))) return;
      if (repostOf) await tx.outboxMessage.update({ where: { id: repostOf.id }, data: { ts } });
      // Only the channel post is "the alert's message": not a reply, nor a DM copy (addressed to a person).
      if ((row.op === 'reply' && !repostOf) || isSlackUserId(row.channel)) return;
      const alertIds = new Set<number>();
      const groupIds = new Set<number>();
      for (const posted of repostOf ? [row, repostOf] : [row]) {
        if (posted.alertId !== null) alertIds.add(posted.alertId);
        if (posted.groupId !== null) groupIds.add(posted.groupId);
      }
      if (alertIds.size > 0) {
        await tx.alert.updateMany({ where: { id: { in: [...alertIds] } }, data: { channel: row.channel, messageTs: ts } });
      }
      if (groupIds.size > 0) {
        await tx.alertGroup.updateMany({ where: { id: { in: [...groupIds] } }, data: { messageTs: ts } });
      }
    });
    logger.debug({ channel: row.channel, key: row.key, ts, op: row.op }, repostOf ? 'outbox message re-posted' : 'outbox message posted');
  }

  async function settleError(row: Row, error: TransportError, session: ChannelSession, inFlightSince: Date | null): Promise<void> {
    if (error.kind === 'permanent' || error.kind === 'not_in_channel' || error.kind === 'message_not_found') {
      return fail(row, error.code);
    }
    return retryLater(row, error, session, inFlightSince);
  }

  /**
   * rate_limited: wait Retry-After (the whole channel waits), never counted as a failure.
   * transient: one more failure of the row; capped exponential backoff from the row's own count,
   * until giveUpAfterMs has passed since its first transient failure.
   */
  async function retryLater(row: Row, error: TransportError, session: ChannelSession, inFlightSince: Date | null): Promise<void> {
    if (error.kind === 'rate_limited') {
      // Never sooner than a second (a Retry-After of 0 would otherwise hammer Slack).
      const retryAfterMs = Math.max(1_000, error.options.retryAfterMs ?? 30_000);
      const until = now() + retryAfterMs;
      // Pace the channel to the end of Retry-After, for this instance and the others.
      await session.markUsed(until - paceMs);
      await updatePending(row, { nextAttemptAt: date(until), lastError: error.code, inFlightSince });
      logger.warn({ channel: row.channel, key: row.key, retryAfterMs }, 'Slack rate-limited the outbox: waiting as asked');
      return;
    }
    const t = now();
    const attempts = row.attempts + 1;
    const firstFailedAt = row.firstFailedAt ?? date(t);
    const deadline = firstFailedAt.getTime() + giveUpAfterMs;
    if (t >= deadline) {
      return fail(row, `${error.code} (gave up: failing since ${firstFailedAt.toISOString()}, ${attempts} attempts)`, { inFlightSince, attempts });
    }
    // The last retry happens at the deadline, so a row gives up on time rather than up to retryMaxMs late.
    const retryAt = Math.min(t + backoffMs(attempts), deadline);
    await updatePending(row, { nextAttemptAt: date(retryAt), lastError: error.code, inFlightSince, attempts, firstFailedAt });
    logger.warn({ channel: row.channel, key: row.key, error: error.code, attempts, retryInMs: retryAt - t }, 'outbox send failed: will retry');
  }

  async function fail(row: Row, reason: string, data: { inFlightSince?: Date | null; attempts?: number } = {}): Promise<void> {
    const { inFlightSince = null, attempts } = data;
    if (!(await updatePending(row, { status: 'failed', lastError: reason, inFlightSince, ...(attempts === undefined ? {} : { attempts }) }))) return;
    logger.error({ channel: row.channel, key: row.key, op: row.op, error: reason }, 'outbox message failed');
  }

  return sendRow;
}
