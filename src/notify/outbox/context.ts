// What the outbox sender's three parts share: its settings, the database, Slack, the logger, and
// time. Time is read only through `now` and waited only through `sleep` (both options, real by
// default), so tests run hours of backoff at once. The poller's interval and the lease heartbeat
// are real timers: they pace the work, they are not waits a test needs to skip.
//
// Times here are real time, not the bot's business clock: pacing, backoff and leases are about
// Slack and the other instances.
import type { PrismaClient } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';
import type { MessageTransport } from '../message-transport.js';

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

export type OutboxSettings = Required<Omit<OutboxSenderOptions, 'now' | 'sleep'>>;

export const OUTBOX_LEASE_PREFIX = 'outbox:';

/** A dead instance's channel lease blocks the channel at most this long. */
export const DEFAULT_CHANNEL_LEASE_TTL_MS = 10_000;
export const DEFAULT_GIVE_UP_AFTER_MS = 24 * 3_600_000;

export function outboxLeaseName(channel: string): string {
  return `${OUTBOX_LEASE_PREFIX}${channel}`;
}

export function outboxSettings(options: OutboxSenderOptions): OutboxSettings {
  const leaseTtlMs = options.leaseTtlMs ?? DEFAULT_CHANNEL_LEASE_TTL_MS;
  return {
    pollMs: options.pollMs ?? 500,
    paceMs: options.paceMs ?? 1_000,
    leaseTtlMs,
    heartbeatMs: options.heartbeatMs ?? Math.max(1, Math.floor(leaseTtlMs / 3)),
    retryBaseMs: options.retryBaseMs ?? 1_000,
    retryMaxMs: options.retryMaxMs ?? 300_000,
    giveUpAfterMs: options.giveUpAfterMs ?? DEFAULT_GIVE_UP_AFTER_MS,
    maxInlineWaitMs: options.maxInlineWaitMs ?? 5_000,
    maxConcurrentChannels: options.maxConcurrentChannels ?? 8,
  };
}

export interface OutboxContext {
  prisma: PrismaClient;
  transport: MessageTransport;
  /** child logger with component 'outbox' */
  logger: Logger;
  /** lease holder name; unique per running instance */
  instanceId: string;
  settings: OutboxSettings;
  /** real time in epoch ms: the one way the sender reads the time */
  now(): number;
  /** `now()` (or `ms`) as a Date, for the database */
  date(ms?: number): Date;
  /** waits `ms`; cut short when the sender stops */
  sleep(ms: number): Promise<void>;
  /** stop() was called: workers finish the row in hand and leave */
  stopping(): boolean;
}

/** The stop switch shared by the poller and its workers: stop() ends every sleep at once. */
export interface StopSwitch {
  sleep(ms: number): Promise<void>;
  stopping(): boolean;
  stop(): void;
  reset(): void;
}

export function createStopSwitch(sleepFor?: (ms: number) => Promise<void>): StopSwitch {
  let stopping = false;
  const sleepers = new Set<() => void>();
  return {
    sleep(ms) {
      if (ms <= 0 || stopping) return Promise.resolve();
      return new Promise((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          clearTimeout(timer);
          sleepers.delete(done);
          resolve();
        };
        sleepers.add(done);
        if (sleepFor) void sleepFor(ms).then(done, done);
        else timer = setTimeout(done, ms);
      });
    },
    stopping: () => stopping,
    stop() {
      stopping = true;
      for (const wakeUp of [...sleepers]) wakeUp();
    },
    reset() {
      stopping = false;
    },
  };
}

