// Announcing new alerts. More than STORM_THRESHOLD new alerts of one kind for one channel become
// one grouped message with the list in its thread, instead of hundreds of messages. The reconciler
// announces in its last transaction (announcePending); announceNewAlerts is the same in a
// transaction of its own, for what a pass that wrote nothing finds waiting (another writer's).
import type { DbClient } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';
import { ALERT_KINDS } from '../kinds/index.js';
import { channelFor } from './alert-channels.js';
import { loadAlerts, type AlertRecord } from './alert-record.js';
import { SEVERITY_RANK, type AlertKind, type AlertView, type Severity } from './alert-types.js';

/** the grouped message shows this many of the worst */
export const GROUP_WORST = 5;
/**
 * the thread lists at most this many (the rest: "N more, see /alerts list"): a storm of 5,000 (and
 * twice that) stays readable in full in its thread, in about one reply per 1,250 alerts
 */
export const GROUP_LIST_LIMIT = 10_000;

/**
 * A storm's listed alerts are read this many at a time: one read of 10,000 held the driver's rows,
 * Prisma's and the records at once, ~10 MB more surviving into V8's old generation per storm.
 */
const LOAD_PAGE = 1_000;

/** the alerts of kind $1 waiting to be announced */
export const UNANNOUNCED = `SELECT id, severity FROM alerts
  WHERE kind = $1::text::"AlertKind" AND channel IS NULL AND group_id IS NULL AND status IN ('open', 'acknowledged')`;

export type AnnounceDeps = Pick<Deps, 'db' | 'clock' | 'logger' | 'config' | 'notifier'>;
export interface Announced {
  individually: number;
  grouped: number;
}

/**
 * Open or acknowledged alerts of `kind` not yet announced get their message(s) queued, in a
 * transaction of their own. `waiting`: whether any waits, when the caller already read it (the
 * reconciler, with its stored alerts).
 */
export async function announceNewAlerts(deps: AnnounceDeps, kind: AlertKind, waiting?: boolean): Promise<Announced> {
  if (!channelFor(deps.config, kind)) return { individually: 0, grouped: 0 };
  // Nearly every cycle has nothing to announce: say so with one unlocked read, not a transaction.
  waiting ??= (await deps.db.prisma.$queryRawUnsafe<{ any: boolean }[]>(`SELECT EXISTS (${UNANNOUNCED} LIMIT 1) AS any`, kind))[0]?.any ?? false;
  if (!waiting) return { individually: 0, grouped: 0 };
  const result = await deps.db.prisma.$transaction(
    async (tx) => {
      // Serialized with the kind's reconcile transactions (another instance's), which lock alerts
      // they re-read before the pending ones: without the kind's lock, the two lock orders could deadlock.
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock($1)`, ALERT_KINDS[kind].lockId);
      return announcePending(tx, deps, kind);
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
  deps.notifier.afterCommit();
  return result;
}

/**
 * The same inside the caller's transaction (the reconciler's last one, which opened most of them):
 * every alert of `kind` waiting, whoever opened it, locked and announced — more than STORM_THRESHOLD
 * as one grouped message. `openedHere`: the alerts this transaction inserted, as inserted (nobody
 * else can have changed them), so they need not be read again. The caller signals the notifier
 * after its commit.
 */
export async function announcePending(tx: DbClient, deps: Omit<AnnounceDeps, 'db'>, kind: AlertKind, openedHere: readonly AlertRecord[] = []): Promise<Announced> {
  const channel = channelFor(deps.config, kind);
  if (!channel) return { individually: 0, grouped: 0 };
  const now = deps.clock.now();
  // One statement locks the waiting alerts (in id order, like every lock on alerts), creates the
  // group when they are a storm, and gives them their channel (and group).
  const pending = await tx.$queryRawUnsafe<{ id: number; severity: Severity; group_id: number | null }[]>(
    `WITH pending AS (${UNANNOUNCED} ORDER BY id FOR UPDATE),
          storm AS (
            INSERT INTO alert_groups (kind, channel, created_at)
            SELECT $1::text::"AlertKind", $2, $3 WHERE (SELECT count(*) FROM pending) > $4
            RETURNING id)
     UPDATE alerts a SET channel = $2, group_id = (SELECT id FROM storm) FROM pending p WHERE a.id = p.id
     RETURNING a.id, a.severity::text AS severity, a.group_id`,
    kind,
    channel,
    now,
    deps.config.stormThreshold,
  );
  if (pending.length === 0) return { individually: 0, grouped: 0 };
  pending.sort((a, b) => a.id - b.id);
  const groupId = pending[0]!.group_id;
  const recordsOf = async (ids: number[]): Promise<AlertRecord[]> => {
    const mine = new Map(openedHere.map((r) => [r.view.id, { ...r, channel, groupId }]));
    const rest = ids.filter((id) => !mine.has(id));
    const others = new Map<number, AlertRecord>();
    for (let i = 0; i < rest.length; i += LOAD_PAGE) for (const [id, record] of await loadAlerts(tx, rest.slice(i, i + LOAD_PAGE))) others.set(id, record);
    return ids.map((id) => mine.get(id) ?? others.get(id)!);
  };

  if (groupId === null) {
    await deps.notifier.announce(tx, channel, await recordsOf(pending.map((p) => p.id)));
    return { individually: pending.length, grouped: 0 };
  }

  const worstFirst = [...pending].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id - b.id);
  const listed: AlertView[] = (await recordsOf(worstFirst.slice(0, GROUP_LIST_LIMIT).map((p) => p.id))).map((r) => r.view);
  const bySeverity: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
  for (const p of pending) bySeverity[p.severity]++;
  await deps.notifier.announceGroup(tx, channel, {
    id: groupId,
    kind,
    openedAt: now,
    total: pending.length,
    bySeverity,
    worst: listed.slice(0, GROUP_WORST),
    listed,
  });
  deps.logger.info({ kind, channel, alerts: pending.length, group: groupId }, 'alert storm grouped into one message');
  return { individually: 0, grouped: pending.length };
}
