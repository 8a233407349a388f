// The scheduled daily digest. Each DIGEST_CRON time is posted once, whichever instance runs it and
// however often the job runs: the digest_runs row for that time and the digest's outbox rows are
// inserted in one transaction, and the row's unique scheduled time makes every later attempt (a
// second instance, a restart) insert nothing. Started after a missed time (the bot was down), the
// job posts that day's latest scheduled digest, never an earlier day's. None on a holiday (national
// or HOLIDAYS) unless DIGEST_ON_HOLIDAYS: the office is closed, and the next digest covers the gap.
import { renderDigest, type DigestMessage } from '../blocks/digest/render-digest.js';
import { computeDigest } from '../domain/digest/compute-digest.js';
import { digestChannel, digestKey, hasDigestRun, insertDigestRun } from '../domain/digest/digest-runs.js';
import type { Deps } from '../domain/deps.js';
import { dateInZone } from '../lib/time/calendar.js';
import { latestSlotToday } from '../lib/time/cron-slot.js';
import { enqueueMessages, type NewOutboxMessage, type OutboxSignal } from './enqueue.js';

export type DigestOutcome =
  /** queued for DIGEST_CHANNEL (or the terminal in local mode) */
  | { status: 'posted'; scheduledFor: Date; key: string; replies: number }
  /** DIGEST_CHANNEL is unset: figures recorded for the trend, nothing posted */
  | { status: 'recorded'; scheduledFor: Date }
  /** this scheduled time was already taken (by another instance, or before a restart) */
  | { status: 'done'; scheduledFor: Date }
  /** nothing is due today (yet) */
  | { status: 'none' }
  /** today is a holiday and DIGEST_ON_HOLIDAYS is off: nothing recorded nor posted */
  | { status: 'holiday'; scheduledFor: Date };

/** How often the catch-up run looks for a digest due today and not yet posted (a failed run at its time). */
export const DIGEST_CATCH_UP_CRON = '*/10 * * * *';

export interface DigestRunOptions {
  /** a catch-up run: no log line for a skipped holiday (the run at DIGEST_CRON logged it) */
  quiet?: boolean;
}

export async function postScheduledDigest(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'i18n' | 'logger'>,
  signal?: OutboxSignal,
  options: DigestRunOptions = {},
): Promise<DigestOutcome> {
  const { config, db, i18n, logger } = deps;
  const scheduledFor = latestSlotToday(config.digestCron, config.timezone, deps.clock.now());
  if (!scheduledFor) return { status: 'none' };
  if (!config.digestOnHolidays && config.holidays.isHoliday(dateInZone(scheduledFor, config.timezone))) {
    if (!options.quiet) logger.info({ scheduledFor }, 'digest skipped: today is a holiday (DIGEST_ON_HOLIDAYS=true posts it anyway)');
    return { status: 'holiday', scheduledFor };
  }
  // Cheap check first: most runs after a restart find the day's digest already done.
  if (await hasDigestRun(db.prisma, scheduledFor)) return { status: 'done', scheduledFor };

  const digest = await computeDigest(deps, { scheduledFor });
  const channel = digestChannel(config);
  const key = digestKey(scheduledFor, config.timezone);
  const rendered = renderDigest(i18n, digest, { threaded: true });
  const rows: NewOutboxMessage[] = channel
    ? [
        { key, channel, op: 'post', payload: rendered.main },
        ...rendered.thread.map((reply: DigestMessage, i): NewOutboxMessage => ({ key: `${key}:thread:${i + 1}`, channel, op: 'reply', threadKey: key, payload: reply })),
      ]
    : [];
  const inserted = await db.prisma.$transaction(async (tx) => {
    if (!(await insertDigestRun(tx, { scheduledFor, computedAt: digest.at, channel, figures: digest.figures }))) return false;
    await enqueueMessages(tx, rows);
    return true;
  });
  if (!inserted) return { status: 'done', scheduledFor };
  if (!channel) {
    logger.info({ scheduledFor }, 'digest not posted: DIGEST_CHANNEL is not set');
    return { status: 'recorded', scheduledFor };
  }
  signal?.notify();
  logger.info({ scheduledFor, key, replies: rendered.thread.length }, 'digest queued');
  return { status: 'posted', scheduledFor, key, replies: rendered.thread.length };
}
