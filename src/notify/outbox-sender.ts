// Sends the outbox: each channel's rows strictly in id order, one sender per channel across every
// instance (a lease named outbox:<channel>), at most one message per paceMs per channel for the
// whole deployment (the time of the last send lives in that lease's last_used_at), channels in
// parallel. Retries, Retry-After waits and duplicate checks all happen here, once.
//
// Failures: a 429 only delays the channel (Retry-After); it is never counted against a row. A
// transient failure (5xx, timeout, reset) is retried with capped exponential backoff counted from
// the row's own failures, so the next row after a success starts again from retryBaseMs; the row
// gives up giveUpAfterMs after its first transient failure — a time budget, not a count.
//
// The channel lease is short (leaseTtlMs) and renewed by a heartbeat while its worker runs, also
// during a slow Slack call: when an instance dies, another one takes the channel over within
// leaseTtlMs plus one poll.
//
// Times here are real time (options.now, Date.now by default; options.sleep to wait): pacing,
// backoff and leases are about Slack and the other instances, not about the bot's business clock.
import type { Database, PrismaClient } from '../db/database.js';
import { acquireLease, releaseLease, renewLease, touchLease } from '../db/leases.js';
import type { OutboxMessage, Prisma } from '../generated/prisma/client.js';
import type { Logger } from '../lib/logger.js';
import type { OutboxDbClient, OutboxSignal } from './enqueue.js';
import { TransportError, type MessagePayload, type MessageTransport } from './message-transport.js';

export interface OutboxSenderOptions {
  /** how often to look for rows enqueued by other instances (and retries that became due) */
  pollMs?: number;
  /** at least this long between two sends to one channel, across all instances */
  paceMs?: number;
  /** channel lease lifetime; renewed before every send and by a heartbeat while the lease is held */
  leaseTtlMs?: number;
  /** how often the heartbeat renews a held channel lease (real time); a third of leaseTtlMs by default */
  heartbeatMs?: number;
  /** transient errors: first retry after this long, doubling … */
  retryBaseMs?: number;
  /** … up to this */
  retryMaxMs?: number;
  /** a row still failing transiently this long after its first transient failure is marked failed */
  giveUpAfterMs?: number;
  /** a channel whose next send is due within this long is waited for while holding its lease; later ones are left to a later poll */
  maxInlineWaitMs?: number;
  /** channels drained at the same time by this instance */
  maxConcurrentChannels?: number;
  /** real-time clock in epoch ms (Date.now) */
  now?: () => number;
  /** waits that long (setTimeout by default); tests pair it with `now` to run hours of retries at once */
  sleep?: (ms: number) => Promise<void>;
}

export interface OutboxSenderDeps {
  db: Database;
  transport: MessageTransport;
  logger: Logger;
  /** lease holder name; unique per running instance */
  instanceId: string;
  /** wakes the sender when this process enqueues something */
  signal?: OutboxSignal;
  options?: OutboxSenderOptions;
}

export interface OutboxSender {
  /** polls every pollMs and on every wake, until stop() */
  start(): void;
  /** lets in-progress sends finish and be recorded, releases the channel leases */
  stop(): Promise<void>;
  /** drains every channel that is due now (or within maxInlineWaitMs); resolves with the number of rows handled */
  drainOnce(): Promise<number>;
  /** look for work now */
  wake(): void;
}

export const OUTBOX_LEASE_PREFIX = 'outbox:';

/** A dead instance's channel lease blocks the channel at most this long. */
export const DEFAULT_CHANNEL_LEASE_TTL_MS = 10_000;
export const DEFAULT_GIVE_UP_AFTER_MS = 24 * 3_600_000;

export function outboxLeaseName(channel: string): string {
  return `${OUTBOX_LEASE_PREFIX}${channel}`;
}

type Row = OutboxMessage;

interface ChannelState {
  channel: string;
  leaseName: string;
  /** last send to the channel (epoch ms); after a 429, set so that lastUsed + pace = the end of Retry-After */
  lastUsedMs: number | null;
  /** the lease was lost to another instance: stop at once */
  lost: boolean;
}

interface DueChannelRow {
  channel: string;
  next_attempt_at: Date;
  holder: string | null;
  expires_at: Date | null;
  last_used_at: Date | null;
}

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

export function createOutboxSender(deps: OutboxSenderDeps): OutboxSender {
  const { db, transport, instanceId, signal } = deps;
  const prisma: PrismaClient = db.prisma;
  const logger = deps.logger.child({ component: 'outbox' });
  const options = deps.options ?? {};
  const pollMs = options.pollMs ?? 500;
  const paceMs = options.paceMs ?? 1_000;
  const leaseTtlMs = options.leaseTtlMs ?? DEFAULT_CHANNEL_LEASE_TTL_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(leaseTtlMs / 3));
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const retryMaxMs = options.retryMaxMs ?? 300_000;
  const giveUpAfterMs = options.giveUpAfterMs ?? DEFAULT_GIVE_UP_AFTER_MS;
  const maxInlineWaitMs = options.maxInlineWaitMs ?? 5_000;
  const maxConcurrentChannels = options.maxConcurrentChannels ?? 8;
  const now = options.now ?? Date.now;
  const date = (ms: number = now()) => new Date(ms);

  /** channel → its worker in this process (never two workers for one channel here) */
  const active = new Map<string, Promise<number>>();
  /** channels that were woken while their worker ran: look again when it ends */
  const wokenWhileActive = new Set<string>();
  let running = false;
  let stopping = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let ticking: Promise<void> | undefined;
  let tickAgain = false;
  const sleepers = new Set<() => void>();

  /** sleeps (options.sleep or a timer), cut short by stop() */
  function sleep(ms: number): Promise<void> {
    if (ms <= 0 || stopping) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      sleepers.add(done);
      if (options.sleep) void options.sleep(ms).then(done, done);
      else timer = setTimeout(done, ms);
    });
  }

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

  // -------------------------------------------------------------------------------------------
  // Finding work
  // -------------------------------------------------------------------------------------------

  /** Channels whose head row (lowest pending id) is due soon and whose lease is not held elsewhere. */
  async function dueChannels(): Promise<string[]> {
    const rows = await prisma.$queryRaw<DueChannelRow[]>`
      SELECT h.channel, h.next_attempt_at, l.holder, l.expires_at, l.last_used_at
      FROM (
        SELECT DISTINCT ON (channel) channel, next_attempt_at
        FROM outbox_messages WHERE status = 'pending'
        ORDER BY channel, id
      ) h
      LEFT JOIN job_leases l ON l.name = 'outbox:' || h.channel`;
    const t = now();
    return rows
      .filter((row) => {
        if (active.has(row.channel)) return false;
        if (row.holder && row.holder !== instanceId && row.expires_at && row.expires_at.getTime() > t) return false;
        const paced = row.last_used_at ? row.last_used_at.getTime() + paceMs : 0;
        return Math.max(row.next_attempt_at.getTime(), paced) - t <= maxInlineWaitMs;
      })
      .map((row) => row.channel);
  }

  function runWorker(channel: string): Promise<number> {
    const worker = drainChannel(channel)
      .catch((error: unknown) => {
        logger.error({ err: error, channel }, 'outbox channel worker failed');
        return 0;
      })
      .finally(() => {
        active.delete(channel);
        if (wokenWhileActive.delete(channel) && running && !stopping) void tick();
      });
    active.set(channel, worker);
    return worker;
  }

  function capacity(): number {
    return Math.max(0, maxConcurrentChannels - active.size);
  }

  async function drainOnce(): Promise<number> {
    const channels = (await dueChannels()).slice(0, capacity());
    const handled = await Promise.all(channels.map((channel) => runWorker(channel)));
    return handled.reduce((a, b) => a + b, 0);
  }

  /** start() mode: spawn workers without waiting for them. */
  function tick(): Promise<void> {
    if (ticking) {
      tickAgain = true;
      return ticking;
    }
    ticking = (async () => {
      do {
        tickAgain = false;
        try {
          const channels = (await dueChannels()).slice(0, capacity());
          for (const channel of channels) void runWorker(channel);
        } catch (error) {
          logger.warn({ err: error }, 'outbox poll failed');
        }
      } while (tickAgain && running && !stopping);
    })().finally(() => {
      ticking = undefined;
    });
    return ticking;
  }

  function schedulePoll(): void {
    if (!running || stopping) return;
    pollTimer = setTimeout(() => {
      void tick().finally(schedulePoll);
    }, pollMs);
    pollTimer.unref();
  }

  function wake(): void {
    for (const channel of active.keys()) wokenWhileActive.add(channel);
    if (running && !stopping) void tick();
  }

  // -------------------------------------------------------------------------------------------
  // One channel
  // -------------------------------------------------------------------------------------------

  async function drainChannel(channel: string): Promise<number> {
    const leaseName = outboxLeaseName(channel);
    const lease = await acquireLease(prisma, leaseName, instanceId, date(), leaseTtlMs);
    if (!lease) return 0;
    const state: ChannelState = { channel, leaseName, lastUsedMs: lease.lastUsedAt?.getTime() ?? null, lost: false };
    const stopHeartbeat = startHeartbeat(state);
    let handled = 0;
    try {
      while (!stopping && !state.lost) {
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
        await handleRow(head, state);
        handled += 1;
      }
    } finally {
      await stopHeartbeat();
      try {
        await releaseLease(prisma, leaseName, instanceId, date());
      } catch (error) {
        logger.warn({ err: error, channel }, 'could not release the outbox lease (it expires by itself)');
      }
    }
    return handled;
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
          (error: unknown) => logger.warn({ err: error, channel: state.channel }, 'could not renew the outbox lease'),
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
  async function markUsed(state: ChannelState, at: number = now()): Promise<void> {
    state.lastUsedMs = at;
    const kept = await touchLease(prisma, state.leaseName, instanceId, date(at), date(now() + leaseTtlMs));
    if (!kept) {
      state.lost = true;
      logger.warn({ channel: state.channel }, 'outbox lease lost while sending');
    }
  }

  /** Waits out the channel's pace; false when stopping meanwhile. */
  async function paceWait(state: ChannelState): Promise<boolean> {
    if (state.lastUsedMs !== null) await sleep(state.lastUsedMs + paceMs - now());
    return !stopping && !state.lost;
  }

  /**
   * An update that a newer update of the same message makes pointless: superseded, nothing sent.
   * The newer one is usually still pending; it is already sent when an admin retried an old failed
   * update, which must not put stale content back.
   */
  async function supersede(row: Row): Promise<boolean> {
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

  // -------------------------------------------------------------------------------------------
  // One row
  // -------------------------------------------------------------------------------------------

  async function handleRow(row: Row, state: ChannelState): Promise<void> {
    const payload = payloadOf(row);
    if (!payload) return fail(row, 'invalid_payload: expected { text, blocks }');
    if (row.op === 'post') return sendPost(row, payload, state, undefined);

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
      return sendPost(row, payload, state, threadTs);
    }

    // update
    if (!target) return fail(row, `update target ${row.threadKey ?? '(none)'} is not in the outbox`);
    if (target.channel !== row.channel) return fail(row, `update target ${target.key} is in another channel (${target.channel})`);
    if (row.inFlightSince) {
      // A previous attempt was re-posting the message (it had been deleted): settle that first.
      return sendPost(row, payload, state, undefined, target);
    }
    if (target.ts) return sendUpdate(row, payload, target, target.ts, state);
    if (target.status === 'pending') return fail(row, `update target ${target.key} is queued after the update`);
    // The original post failed: post the current version rather than lose it.
    logger.warn({ channel: row.channel, key: row.key, target: target.key }, 'outbox update of a message that was never posted: posting it');
    return sendPost(row, payload, state, undefined, target);
  }

  /**
   * not_in_channel → join the channel once and try again at once. A join that fails for good (a
   * private channel, an archived one) fails the row with a reason people can act on.
   */
  async function withJoin<T>(row: Row, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TransportError) || error.kind !== 'not_in_channel') throw error;
    }
    logger.info({ channel: row.channel, key: row.key }, 'not in the channel: joining it');
    try {
      await transport.join(row.channel);
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
  async function sendPost(row: Row, payload: MessagePayload, state: ChannelState, threadTs: string | undefined, repostOf?: Row): Promise<void> {
    // A previous attempt may have landed (timeout, 5xx, crash before recording): look before posting.
    if (row.inFlightSince) {
      const since = row.inFlightSince;
      let found: string | undefined;
      try {
        found = await withJoin(row, () => transport.findPosted(row.channel, row.key, since, threadTs));
      } catch (error) {
        const findError = asTransportError(error, false);
        if (findError.kind === 'permanent') {
          return fail(row, `could not check whether an earlier attempt was posted: ${findError.code}`);
        }
        // A transient look-up failure is a failure of the row, so a channel whose history cannot be read gives up in the end.
        return retryLater(row, findError, state, row.inFlightSince);
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
      ts = await withJoin(row, () => transport.post({ channel: row.channel, payload, key: row.key, ...(threadTs ? { threadTs } : {}) }));
    } catch (error) {
      const postError = asTransportError(error, true);
      await markUsed(state);
      // Keep the in-flight mark only when this attempt may have landed.
      return settleError(row, postError, state, postError.options.mayHaveLanded ? inFlightSince : row.inFlightSince);
    }
    await markUsed(state);
    await recordPosted(row, ts, repostOf);
  }

  async function sendUpdate(row: Row, payload: MessagePayload, target: Row, ts: string, state: ChannelState): Promise<void> {
    try {
      await withJoin(row, () => transport.update(row.channel, ts, payload));
    } catch (error) {
      const updateError = asTransportError(error, false);
      await markUsed(state);
      if (updateError.kind === 'message_not_found') {
        // Someone deleted the message: post the current version anew.
        logger.info({ channel: row.channel, key: row.key, target: target.key, ts }, 'outbox update: the message was deleted, posting it anew');
        if (!(await paceWait(state)) || !(await keepLease(state))) return; // still pending: retried later
        return sendPost(row, payload, state, undefined, target);
      }
      return settleError(row, updateError, state, null);
    }
    await markUsed(state);
    await updatePending(row, { status: 'sent', ts, sentAt: date(), lastError: null, inFlightSince: null });
    logger.debug({ channel: row.channel, key: row.key, ts }, 'outbox message updated');
  }

  /** The message is in Slack with `ts`: the row is sent, and the alert / group know where it is. */
  async function recordPosted(row: Row, ts: string, repostOf?: Row): Promise<void> {
    const sentAt = date();
    await prisma.$transaction(async (tx) => {
      if (!(await updatePending(row, { status: 'sent', ts, sentAt, inFlightSince: null, lastError: null }, tx))) return;
      const alertIds = new Set<number>();
      const groupIds = new Set<number>();
      // A reply is not "the alert's message": only posts (and re-posts) move alerts.message_ts.
      if (row.op !== 'reply' || repostOf) {
        if (row.alertId !== null) alertIds.add(row.alertId);
        if (row.groupId !== null) groupIds.add(row.groupId);
      }
      if (repostOf) {
        await tx.outboxMessage.update({ where: { id: repostOf.id }, data: { ts } });
        if (repostOf.alertId !== null) alertIds.add(repostOf.alertId);
        if (repostOf.groupId !== null) groupIds.add(repostOf.groupId);
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

  async function settleError(row: Row, error: TransportError, state: ChannelState, inFlightSince: Date | null): Promise<void> {
    if (error.kind === 'permanent' || error.kind === 'not_in_channel' || error.kind === 'message_not_found') {
      return fail(row, error.code);
    }
    return retryLater(row, error, state, inFlightSince);
  }

  /**
   * rate_limited: wait Retry-After (the whole channel waits), never counted as a failure.
   * transient: one more failure of the row; capped exponential backoff from the row's own count,
   * until giveUpAfterMs has passed since its first transient failure.
   */
  async function retryLater(row: Row, error: TransportError, state: ChannelState, inFlightSince: Date | null): Promise<void> {
    if (error.kind === 'rate_limited') {
      // Never sooner than a second (a Retry-After of 0 would otherwise hammer Slack).
      const retryAfterMs = Math.max(1_000, error.options.retryAfterMs ?? 30_000);
      const until = now() + retryAfterMs;
      // Pace the channel to the end of Retry-After, for this instance and the others.
      await markUsed(state, until - paceMs);
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

  return {
    start() {
      if (running) return;
      running = true;
      stopping = false;
      if (signal) unsubscribe = signal.subscribe(wake);
      void tick().finally(schedulePoll);
    },
    async stop() {
      if (!running && active.size === 0) return;
      stopping = true;
      running = false;
      clearTimeout(pollTimer);
      unsubscribe?.();
      unsubscribe = undefined;
      for (const wakeUp of [...sleepers]) wakeUp();
      await ticking;
      await Promise.allSettled([...active.values()]);
      stopping = false;
    },
    drainOnce,
    wake,
  };
}
