// The daily digest's content, for the scheduled post and for `/alerts digest` alike: where things
// stand per team, what changed since the previous digest, the money, stock and hires at risk, and
// the trend of each headline figure over the last digests.
import { dateInZone } from '../../lib/time/calendar.js';
import type { Deps } from '../deps.js';
import { buildDigest } from './build-digest.js';
import { loadPastDigests } from './digest-runs.js';
import type { Digest } from './digest-types.js';
import { loadDigestData, type DigestQueryLimits } from './load-digest-data.js';

const DAY_MS = 86_400_000;

/** Rows loaded at most, whatever the data: the renderer shows some and counts the rest. */
export const DIGEST_LIMITS: DigestQueryLimits = { worstPerKind: 60, debtorsPerCurrency: 20, hires: 50 };

/**
 * `scheduledFor`: the scheduled time being taken — "previous" means the digests scheduled before
 * it. Without it (on demand), the latest digest is the previous one. With no previous digest,
 * "since" is a day ago.
 */
export async function computeDigest(deps: Pick<Deps, 'db' | 'clock' | 'config'>, options: { scheduledFor?: Date } = {}): Promise<Digest> {
  const at = deps.clock.now();
  const past = await loadPastDigests(deps.db.prisma, options.scheduledFor);
  const since = past.at(-1)?.computedAt ?? new Date(at.getTime() - DAY_MS);
  const data = await loadDigestData(deps.db, at, dateInZone(at, deps.config.timezone), since, DIGEST_LIMITS, deps.config.holidays, deps.config.orderSteps);
  return buildDigest(data, past);
}
