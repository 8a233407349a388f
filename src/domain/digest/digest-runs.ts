// Scheduled digests already taken (digest_runs): which scheduled time is done, and the headline
// figures of the last ones, for the trend lines.
import { z } from 'zod';
import type { Config } from '../../config.js';
import { configuredChannel } from '../alerts/alert-channels.js';
import type { DbClient } from '../audit/record-audit.js';
import type { DigestFigures } from './digest-types.js';

/** The digest shows a trend over this many digests, the current one included. */
export const TREND_LENGTH = 7;

export interface PastDigest {
  computedAt: Date;
  figures: DigestFigures;
}

const count = z.number().int().nonnegative().catch(0);
const figuresSchema = z
  .object({
    open: z.record(z.string(), count).catch({}),
    stockAtZero: count,
    stockAtOrBelowMinimum: count,
    overdue: z.record(z.string(), z.string()).catch({}),
    hiresMissingDocuments: count,
  })
  .catch({ open: {}, stockAtZero: 0, stockAtOrBelowMinimum: 0, overdue: {}, hiresMissingDocuments: 0 });

/**
 * Where the scheduled digest goes: DIGEST_CHANNEL, or in local mode a terminal "channel" so it is
 * printed. Undefined: not posted (its figures are still kept for the trend).
 */
export function digestChannel(config: Pick<Config, 'channels' | 'mode'>): string | undefined {
  return configuredChannel(config, 'digest');
}

/** The outbox key of the digest for a scheduled time: `digest:2037-11-25 09:00` in BOT_TIMEZONE. */
export function digestKey(scheduledFor: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(scheduledFor);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `digest:${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export async function hasDigestRun(db: DbClient, scheduledFor: Date): Promise<boolean> {
  return (await db.digestRun.count({ where: { scheduledFor } })) > 0;
}

/**
 * Records the run for `scheduledFor`; false when it already exists (another instance, or this one
 * before a restart, took it). Call it in the transaction that queues the digest's messages, so a
 * digest is queued exactly when its run is recorded.
 */
export async function insertDigestRun(
  db: DbClient,
  run: { scheduledFor: Date; computedAt: Date; channel: string | undefined; figures: DigestFigures },
): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO digest_runs (scheduled_for, computed_at, channel, figures)
    VALUES (${run.scheduledFor}, ${run.computedAt}, ${run.channel ?? null}, ${JSON.stringify(run.figures)}::jsonb)
    ON CONFLICT (scheduled_for) DO NOTHING`;
  return inserted === 1;
}

/** The last digests scheduled before `before` (all of them when undefined), oldest first. */
export async function loadPastDigests(db: DbClient, before: Date | undefined, limit = TREND_LENGTH - 1): Promise<PastDigest[]> {
  const rows = await db.digestRun.findMany({
    where: before ? { scheduledFor: { lt: before } } : {},
    orderBy: { scheduledFor: 'desc' },
    take: limit,
  });
  // A row written by an older version with other fields still reads, with zeros where it lacks one.
  return rows.reverse().map((row) => ({ computedAt: row.computedAt, figures: figuresSchema.parse(row.figures) as DigestFigures }));
}
