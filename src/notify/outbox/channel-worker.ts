// Drains one channel: takes its lease (outbox:<channel>, one sender per channel across every
// instance), then sends the head row (lowest pending id) one after another, never letting a later
// row overtake one that is not due yet, at most one message per paceMs for the whole deployment
// (the time of the last send lives in the lease's last_used_at).
//
// The lease is short (leaseTtlMs) and renewed by a heartbeat while the worker runs, also during a
// slow Slack call: when an instance dies, another one takes the channel over within leaseTtlMs
// plus one poll.
import { logFailure } from '../../lib/database-unavailable.js';
import { acquireLease, releaseLease, renewLease, touchLease } from '../../db/leases.js';
import type { OutboxMessage } from '../../generated/prisma/client.js';
import { outboxLeaseName, type OutboxContext } from './context.js';
import type { ChannelSession, SendRow } from './row-sender.js';

/** Drains `channel` while it has due rows; resolves with the number of rows handled (0 when the lease is held elsewhere). */
export type DrainChannel = (channel: string) => Promise<number>;

interface ChannelState {
  channel: string;
  leaseName: string;
  /** last send to the channel (epoch ms); after a 429, set so that lastUsed + pace = the end of Retry-After */
  lastUsedMs: number | null;
  /** the lease was lost to another instance: stop at once */
  lost: boolean;
}

export function createChannelWorker(ctx: OutboxContext, sendRow: SendRow): DrainChannel {
  const { prisma, logger, instanceId, settings, now, date, sleep, stopping } = ctx;
  const { paceMs, leaseTtlMs, heartbeatMs, maxInlineWaitMs } = settings;

  async function drainChannel(channel: string): Promise<number> {
    const leaseName = outboxLeaseName(channel);
    const lease = await acquireLease(prisma, leaseName, instanceId, date(), leaseTtlMs);
    if (!lease) return 0;
    const state: ChannelState = { channel, leaseName, lastUsedMs: lease.lastUsedAt?.getTime() ?? null, lost: false };
    const session = sessionOf(state);
    const stopHeartbeat = startHeartbeat(state);
    let handled = 0;
    try {
      while (!stopping() && !state.lost) {
        const head = await prisma.outboxMessage.findFirst({ where: { channel, status: 'pending' }, orderBy: { id: 'asc' } });
        if (!head) break;
        if (head.op === 'update' && (await supersede(head))) {
          handled += 1;
          continue;
        }
        const readyAt = Math.max(head.nextAttemptAt.getTime(), state.lastUsedMs === null ? 0 : state.lastUsedMs + paceMs);
        const wait = readyAt - now();
        if (wait > 0) {
          // Not due yet (backoff, Retry-After or pace): later rows do not overtake it.
          if (wait > maxInlineWaitMs) break;
          if (!(await keepLease(state))) break;
          await sleep(wait);
          continue; // look at the head again: it may have changed while we slept
        }
        if (!(await keepLease(state))) break;
        await sendRow(head, session);
        handled += 1;
      }
    } finally {
      await stopHeartbeat();
      try {
        await releaseLease(prisma, leaseName, instanceId, date());
      } catch (error) {
        logFailure(logger, 'warn', error, { channel }, 'could not release the outbox lease (it expires by itself)');
      }
    }
    return handled;
  }

  function sessionOf(state: ChannelState): ChannelSession {
    return {
      markUsed: (at = now()) => markUsed(state, at),
      // Waits out the channel's pace.
      paceWait: async () => {
        if (state.lastUsedMs !== null) await sleep(state.lastUsedMs + paceMs - now());
        return !stopping() && !state.lost;
      },
      keepLease: () => keepLease(state),
    };
  }

  /**
   * Renews the lease every heartbeatMs while the worker holds it, whatever the worker is doing (a
   * Slack call of up to the transport's timeout, a wait): the lease can stay short, so a dead
   * instance's lease runs out soon. Returns the function that stops it.
   */
  function startHeartbeat(state: ChannelState): () => Promise<void> {
    let beat: Promise<void> | undefined;
    const timer = setInterval(() => {
      if (beat || state.lost) return;
      beat = keepLease(state)
        .then(
          () => undefined,
          // The database may be away for a moment: the next beat or the worker's own renewal tries again.
          (error: unknown) => logFailure(logger, 'warn', error, { channel: state.channel }, 'could not renew the outbox lease'),
        )
        .finally(() => {
          beat = undefined;
        });
    }, heartbeatMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await beat;
    };
  }

  async function keepLease(state: ChannelState): Promise<boolean> {
    const kept = await renewLease(prisma, state.leaseName, instanceId, date(now() + leaseTtlMs));
    if (!kept) {
      state.lost = true;
      logger.warn({ channel: state.channel }, 'outbox lease lost to another instance; leaving the channel to it');
    }
    return kept;
  }

  /** Records a call to Slack for the channel's pace (shared with the other instances through the lease). */
  async function markUsed(state: ChannelState, at: number): Promise<void> {
    state.lastUsedMs = at;
    const kept = await touchLease(prisma, state.leaseName, instanceId, date(at), date(now() + leaseTtlMs));
    if (!kept) {
      state.lost = true;
      logger.warn({ channel: state.channel }, 'outbox lease lost while sending');
    }
  }

  /**
   * An update that a newer update of the same message makes pointless: superseded, nothing sent.
   * The newer one is usually still pending; it is already sent when an admin retried an old failed
   * update, which must not put stale content back.
   */
  async function supersede(row: OutboxMessage): Promise<boolean> {
    // A row with in_flight_since may have re-posted a deleted message: it must be settled, not dropped.
    if (!row.threadKey || row.inFlightSince) return false;
    const superseded = await prisma.$executeRaw`
      UPDATE outbox_messages SET status = 'superseded', last_error = NULL
      WHERE id = ${row.id} AND status = 'pending' AND EXISTS (
        SELECT 1 FROM outbox_messages n
        WHERE n.thread_key = ${row.threadKey} AND n.op = 'update' AND n.status IN ('pending', 'sent') AND n.id > ${row.id})`;
    if (superseded === 1) logger.debug({ channel: row.channel, key: row.key }, 'outbox update superseded by a newer one');
    return superseded === 1;
  }

  return drainChannel;
}
