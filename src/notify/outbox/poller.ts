// The outbox sender: the poller finds channels whose head row is due (or due within
// maxInlineWaitMs) and whose lease is free, and runs a channel worker for each, channels in
// parallel up to maxConcurrentChannels, one worker per channel in this process. It looks every
// pollMs (rows queued by other instances, retries that became due) and whenever this process
// enqueues something (the signal). Retries, Retry-After waits and duplicate checks all happen in
// the worker and the row sender, once.
import type { Database } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';
import type { OutboxSignal } from '../enqueue.js';
import type { MessageTransport } from '../message-transport.js';
import { coalesce } from '../../lib/coalesce.js';
import { logFailure } from '../../lib/database-unavailable.js';
import { createChannelWorker } from './channel-worker.js';
import { OUTBOX_LEASE_PREFIX, createStopSwitch, outboxSettings, type OutboxContext, type OutboxSenderOptions } from './context.js';
import { createRowSender } from './row-sender.js';

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

interface DueChannelRow {
  channel: string;
  next_attempt_at: Date;
  holder: string | null;
  expires_at: Date | null;
  last_used_at: Date | null;
}

export function createOutboxSender(deps: OutboxSenderDeps): OutboxSender {
  const { db, transport, instanceId, signal } = deps;
  const prisma = db.prisma;
  const logger = deps.logger.child({ component: 'outbox' });
  const options = deps.options ?? {};
  const settings = outboxSettings(options);
  const { pollMs, paceMs, maxInlineWaitMs, maxConcurrentChannels } = settings;
  const now = options.now ?? Date.now;
  const stopSwitch = createStopSwitch(options.sleep);
  const ctx: OutboxContext = {
    prisma,
    transport,
    logger,
    instanceId,
    settings,
    now,
    date: (ms = now()) => new Date(ms),
    sleep: stopSwitch.sleep,
    stopping: stopSwitch.stopping,
  };
  const drainChannel = createChannelWorker(ctx, createRowSender(ctx));

  /** channel → its worker in this process (never two workers for one channel here) */
  const active = new Map<string, Promise<number>>();
  /** channels that were woken while their worker ran: look again when it ends */
  const wokenWhileActive = new Set<string>();
  let running = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  /** Channels whose head row (lowest pending id) is due soon and whose lease is not held elsewhere. */
  async function dueChannels(): Promise<string[]> {
    const rows = await prisma.$queryRaw<DueChannelRow[]>`
      SELECT h.channel, h.next_attempt_at, l.holder, l.expires_at, l.last_used_at
      FROM (
        SELECT DISTINCT ON (channel) channel, next_attempt_at
        FROM outbox_messages WHERE status = 'pending'
        ORDER BY channel, id
      ) h
      LEFT JOIN job_leases l ON l.name = ${OUTBOX_LEASE_PREFIX}::text || h.channel`;
    const t = now();
    return rows
      .filter((row) => {
        if (active.has(row.channel)) return false;
        if (row.holder && row.holder !== instanceId && row.expires_at && row.expires_at.getTime() > t) return false;
        const paced = row.last_used_at ? row.last_used_at.getTime() + paceMs : 0;
        return Math.max(row.next_attempt_at.getTime(), paced) - t <= maxInlineWaitMs;
      })
      .map((row) => row.channel)
      .slice(0, Math.max(0, maxConcurrentChannels - active.size));
  }

  function runWorker(channel: string): Promise<number> {
    const worker = drainChannel(channel)
      .catch((error: unknown) => {
        logFailure(logger, 'error', error, { channel }, 'outbox channel worker failed');
        return 0;
      })
      .finally(() => {
        active.delete(channel);
        if (wokenWhileActive.delete(channel) && running && !stopSwitch.stopping()) void tick();
      });
    active.set(channel, worker);
    return worker;
  }

  async function drainOnce(): Promise<number> {
    const channels = await dueChannels();
    const handled = await Promise.all(channels.map((channel) => runWorker(channel)));
    return handled.reduce((a, b) => a + b, 0);
  }

  /** start() mode: spawn workers without waiting for them; wakes during a look make one more look after it. */
  const looker = coalesce(
    async () => {
      if (!running || stopSwitch.stopping()) return;
      for (const channel of await dueChannels()) void runWorker(channel);
    },
    (error) => logFailure(logger, 'warn', error, {}, 'outbox poll failed'),
  );
  function tick(): Promise<void> {
    looker.request();
    return looker.idle();
  }

  function schedulePoll(): void {
    if (!running || stopSwitch.stopping()) return;
    pollTimer = setTimeout(() => {
      void tick().finally(schedulePoll);
    }, pollMs);
    pollTimer.unref();
  }

  function wake(): void {
    for (const channel of active.keys()) wokenWhileActive.add(channel);
    if (running && !stopSwitch.stopping()) void tick();
  }

  return {
    start() {
      if (running) return;
      running = true;
      stopSwitch.reset();
      if (signal) unsubscribe = signal.subscribe(wake);
      void tick().finally(schedulePoll);
    },
    async stop() {
      if (!running && active.size === 0) return;
      stopSwitch.stop();
      running = false;
      clearTimeout(pollTimer);
      unsubscribe?.();
      unsubscribe = undefined;
      await looker.idle();
      await Promise.allSettled([...active.values()]);
      stopSwitch.reset();
    },
    drainOnce,
    wake,
  };
}
